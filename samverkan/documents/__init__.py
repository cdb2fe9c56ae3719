"""Stored papers and their text: the one reader of every file Samverkan reads (meeting
attachments, recommendation papers, agreement versions, answer extracts, imported documents),
with the same limits for all (see reader.py and docs/decisions/0010-one-reader-with-limits.md).

It sits just above core and below every domain app: it imports nothing of theirs."""
