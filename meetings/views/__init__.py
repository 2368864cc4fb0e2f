"""Views of the meetings app, by audience: public.py, partner.py (partner contacts),
staff.py (the Stabsstelle); common.py holds what they share."""
