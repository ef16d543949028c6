"""Several bodies (Körperschaften) on one installation: Kürzel, lookup, and which body an object belongs to.

OParl knows one System with many Bodies. Every object belongs to exactly one
body: Organization, Person, Paper, Location, LegislativeTerm and SignOffChain
carry ``body_id``; everything else derives it exactly (see :mod:`.scope`).
Users are scoped to one or more bodies (``user_bodies``); a user without any
scope row works for the whole installation.
"""
