"""OParl 1.1, read-only, at /oparl/v1/: Samverkan's public data as the open standard of council
information systems reads it. The mapping of Samverkan's concepts is in docs/oparl.md."""
