"""Talking to the terminal and the desktop: clipboard (OSC 52), browser, hyperlinks.

``clipboard`` and ``opener`` do not import Textual, so they can be tested and used from
scripts; ``links`` builds Textual ``Content``.
"""
