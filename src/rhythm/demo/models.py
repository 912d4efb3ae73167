"""Remember the date the demo book was built around, so reloading it changes nothing."""

from django.db import models


class DemoLoad(models.Model):
    """Record one load of the demo book and the date its history is anchored on."""

    anchor = models.DateField()
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Demo book as of {self.anchor}"
