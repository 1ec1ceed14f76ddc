"""Formal solicited and unsolicited advice (filled by the advice issue).

At the top of the domain flow, so an advice can point to the early-involvement request, the agenda items
and the tables it came from.
"""
