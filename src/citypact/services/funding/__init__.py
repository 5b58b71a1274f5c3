"""Funding programmes and their calls, the matching of programmes to cities' measures, a city's
funding view and deadlines, a secretariat's pipeline, and applications to programmes."""
