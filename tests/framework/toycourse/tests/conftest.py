pytest_plugins = ["autograder.pytest_plugin"]
