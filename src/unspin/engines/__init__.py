"""Engines that run corpus mode somewhere other than this process.

``unspin run`` uses :mod:`unspin.corpus` (one machine, streaming, incremental) by default;
``--engine spark`` uses :mod:`unspin.engines.spark`, which needs the ``spark`` extra
(``pip install 'unspin[spark]'``). Both run the same plain stage functions and give the same
stories, derivations and changes.
"""
