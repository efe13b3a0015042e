"""The course calendar: each week of course.toml with its dates, points and release status.

A week is "released" once its release date has come, the first week whose date has not
come is "next", and every week after it "later".  The status follows the dates only;
`publish` is what pushes a released week to its template repository.
"""

from __future__ import annotations

import datetime

from autograder.course import Course, Week

RELEASED, NEXT, LATER = "released", "next", "later"


def statuses(course: Course, today: datetime.date) -> list[tuple[Week, str]]:
    """Every week of the course in release order, with its status on `today`."""
    rows, seen_next = [], False
    for week in sorted(course.weeks, key=lambda w: (w.release, w.number)):
        if week.release <= today:
            rows.append((week, RELEASED))
        else:
            rows.append((week, LATER if seen_next else NEXT))
            seen_next = True
    return rows


def due_weeks(course: Course, today: datetime.date) -> list[Week]:
    """The weeks whose release date has come, in release order."""
    return [week for week, status in statuses(course, today) if status == RELEASED]


def render_calendar(course: Course, today: datetime.date) -> str:
    """The calendar as a table: week, title, release and due date, points, status."""
    rows = statuses(course, today)
    width = max(len("title"), *(len(week.title) for week, _ in rows))
    lines = [f"{course.code} {course.title}: the calendar on {today.isoformat()}", "",
             f"week  {'title':<{width}}  release     due         points  status"]
    lines += [f"{week.number:>4}  {week.title:<{width}}  {week.release.isoformat()}  {week.due.isoformat()}  "
              f"{week.max_points:>6}  {status}" for week, status in rows]
    return "\n".join(lines)
