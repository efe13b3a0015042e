"""Instructor tools of the PHYG004 autograder; never part of a student repository.

Modules, one idea each:
  markers    solution regions (### BEGIN/END SOLUTION) of modules and notebook cells
  generate   source/ -> assignments/ (stubs) + solutions/ (reference)
  verify     solutions earn full marks, stubs earn none
  variants   buggy and correct variants as patches of the reference, graded as declared
  batch      many trusted submissions (variants, solutions) graded in one warm process
  release    one week's student repository from templates/, with its leak check (leaks)
  gradebook  a whole class graded into a CSV and a figure
  cli        python -m autograder.instructor ...
"""
