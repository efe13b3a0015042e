import sys

from autograder.instructor.cli import main

sys.exit(main())
