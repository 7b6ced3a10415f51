"""Publishing: what readers get.

Figure export with its layout check, the data overview, the report run, the animated map
and the static site.
"""
