"""The demo city balance is seeded by climate (the balance moved there); seed_demo still
calls this module in its order."""

from climate.demo import seed  # noqa: F401
