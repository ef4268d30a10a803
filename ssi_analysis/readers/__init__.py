"""Readers: one module per source family, turning file bytes into raw records.

A reader finds the records of a file and names their fields with the kit's canonical names; it
does not judge the values (that is :mod:`ssi_analysis.schema`). A new export format goes here.
"""
