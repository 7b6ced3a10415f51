"""Territorial control: who held each place when.

Control on a date, changes of hands, control surfaces, area and population series, and the
comparison with published estimates.
"""
