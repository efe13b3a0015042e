"""PHYG004 autograder: generate stubs and solutions, grade weeks, release student repositories.

Modules, one idea each:
  course        course.toml: weeks, tasks, points, limits
  markers       solution regions of the source modules and notebook cells
  generate      source/ -> assignments/ (stubs) + solutions/ (reference)
  submission    lazy loading of a student's module for the tests
  checks        assertion helpers that explain failures in physics words
  pytest_plugin task markers, hypothesis profiles, the result stream the grader reads
  runner        runs a week's tests in a guarded child process
  results       scores and the three report formats (table, Gradescope, Classroom)
  variants      grades buggy and correct alternative implementations (tests of the tests)
  release       one week's standalone student repository
  gradebook     a whole class graded into a CSV and a figure
  cli           the command line: python -m autograder ...
"""
