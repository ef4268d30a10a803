"""Schema: values read from raw records, checked against the rules, and accounted for.

The public loaders live here (:func:`~ssi_analysis.schema.ssi.load_ssi`), with the load report.
"""
