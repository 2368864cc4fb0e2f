"""The target-path chart lives with the city balance in climate; the annual report's PDF and
the home page draw it from here."""

from climate.charts import target_path_svg  # noqa: F401
