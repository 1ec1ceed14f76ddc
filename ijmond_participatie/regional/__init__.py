"""The aanjager's regional dashboard: rollups, figures, charts, evaluation criteria, good practice and the
annual report. Composed on top of every app (see DESIGN.md)."""
