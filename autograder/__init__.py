"""PHYG004 autograder: the runtime a student repository ships (grading a week).

Modules, one idea each:
  course        course.toml: weeks, tasks, points, limits
  submission    lazy loading of a student's module for the tests
  checks        assertion helpers that explain failures in physics words
  feedback      a failed test turned into a paragraph a student can act on
  contract      what the pytest child tells the grader: events, outcomes, test results
  pytest_plugin task markers, hypothesis profiles, the result stream the grader reads
  runner        runs a week's tests in a guarded child process
  results       scores and the three report formats (table, Gradescope, Classroom)
  grading       grade_week: run and score one week of one submission
  cli           the student's command line: python -m autograder {grade,task-status}

The instructor's tools (generate, verify, variants, release, gradebook) are the subpackage
`autograder.instructor`, which a release leaves out.
"""
