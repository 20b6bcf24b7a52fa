"""The app's key bindings in the run's language (see `reader.i18n`).

Bindings are class attributes, written before the language is known, with
`Both` descriptions; each node copies its class's bindings when it is made,
and `localize_bindings` then turns that copy into the run's language, so the
footer, tooltips and help speak it.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from reader.i18n import shown


def localized(binding: Binding) -> Binding:
    tooltip = shown(binding.tooltip) if binding.tooltip else binding.tooltip
    return replace(binding, description=shown(binding.description), tooltip=tooltip)


def localize_bindings(node: DOMNode) -> None:
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [localized(binding) for binding in bindings]
