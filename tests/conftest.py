# Every test folder below uses the autograder's pytest plugin: task markers, hypothesis
# profiles (--hypothesis-profile grading is what the grader uses), and --submission DIR.
pytest_plugins = ["autograder.pytest_plugin"]
