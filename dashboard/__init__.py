"""The Dash dashboard, exports and the ``frontline`` command line.

Importing this package is cheap: Dash and plotly load only when an app or a figure is built.
"""
