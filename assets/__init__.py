"""Static files the dashboard serves (CSS, clientside JavaScript, the empty world topojson).

The folder lives at the top of the repository and is installed as ``dashboard.assets``
so that a plain ``pip install .`` ships it with the code.
"""
