"""The sandbox: the whole of Limber in a local web page, with a clock to move forward.

``python -m bot sandbox`` runs the real application (``world``) against the in-process fake
Bot API and serves a web chat (``web``, ``page.html``) on 127.0.0.1 unless ``--host`` says
otherwise. It needs no token and no network. Only the Bot API address and the clock differ
from Telegram mode.
"""
