"""Text from the data made literal for plotly's label markup.

plotly.js reads a small HTML subset in every text it draws (trace names in the legend,
hover text, marker text, annotations, axis tick text): ``<a href>``, ``<b>``, ``<i>``,
``<br>``, ``<sup>``, ``<span style>`` and the entities ``&lt; &gt; &amp;`` and ``&#N;``. A
district named ``<a href="https://x">x</a>`` would otherwise become a live link on the map.

:func:`plotly_text` is applied where text from the data enters a figure (the map and chart
traces, /embed, the HTML export, the slides' annotations), never to the payload's plain
text, which the page shows with ``textContent``. Its browser twin is ``plotlyText`` in
``assets/js/text.mjs``.
"""

from __future__ import annotations

from typing import Any


def plotly_text(value: Any) -> str:
    """``value`` as text plotly draws literally: ``&``, ``<`` and ``>`` as entities (the
    only characters its markup reads; quotes are left as they are, since plotly would show
    ``&quot;`` as it is written)."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
