"""Views of consensus decisions, by audience: public.py, partner.py, staff.py."""
