"""The kit's words: every formatter and every sentence, built from rows of numbers.

A base layer beside :mod:`ssi_analysis.names` (it imports only :mod:`~ssi_analysis.names`
and :mod:`~ssi_analysis.questions`): the statistics layer computes numbers, kinds and
reasons and calls these functions to say them; the page (:mod:`ssi_analysis.present`) uses
the same ones. No statistic is computed here (#27: "rewording a verdict or changing how p
prints touches one module": :mod:`.format` for numbers, ``names.VERDICT_WORDS`` for
verdicts).

- :mod:`.format`: p-values, numbers, % and shares.
- :mod:`.answers`: the sentences of :func:`~ssi_analysis.answers`,
  :func:`~ssi_analysis.team_answers` and the groups' difference test.
- :mod:`.caveats`: the robustness checks a "linked" answer failed.
- :mod:`.diagnostic`: the sentences of :func:`~ssi_analysis.pillar_gaps` and
  :func:`~ssi_analysis.activity_links`.
"""
