"""A dozen demo news posts (invented events, our own wording)."""

import datetime

from django.utils import timezone

from accounts.models import User

from . import services
from .models import Post

POSTS = [
    (
        "Klimaallianz begrüßt drei neue Partner",
        "Ein Logistiker, ein Handwerksbetrieb und eine Bildungseinrichtung haben "
        "die Gemeinsame Erklärung unterzeichnet.",
        10,
    ),
    (
        "Allianzversammlung beschließt Schwerpunkt Wärmewende",
        "Die Partner haben im Konsens vereinbart, 2026 gemeinsame Projekte zur "
        "Wärmeversorgung voranzubringen.",
        35,
    ),
    (
        "Klimakreise: Ergebnisse aus fünf Themenrunden",
        "Stadtgrün, Mobilität, Ernährung, Energie und Betriebe – die Ergebnisse der "
        "Themenkreise sind online.",
        60,
    ),
    (
        "Neue Radabstellanlagen an Betriebsstandorten",
        "Mehrere Partner haben überdachte Fahrradstellplätze für ihre Beschäftigten gebaut.",
        90,
    ),
    (
        "Jahresbericht der Klimaallianz erschienen",
        "Der Bericht zeigt, welche Projekte im vergangenen Jahr wie viel CO2e eingespart haben.",
        120,
    ),
    (
        "Photovoltaik auf Schuldächern: Zwischenstand",
        "Die ersten Anlagen speisen seit dem Frühjahr Strom ein.",
        150,
    ),
    (
        "Facharbeitsgruppe Verkehr tagt zum Jobticket",
        "Die Gruppe hat Erfahrungen mit Jobtickets und Dienstradleasing ausgetauscht.",
        180,
    ),
    (
        "Energieberatung für kleine Betriebe",
        "Das Handwerksnetzwerk bietet kostenlose Erstberatungen an.",
        210,
    ),
    (
        "Fernwärme: zwei Quartiere angeschlossen",
        "Zwei Wohnquartiere sind jetzt an das Fernwärmenetz angeschlossen.",
        240,
    ),
    (
        "Klimabildung an Volkshochschule gestartet",
        "Eine neue Kursreihe erklärt, wie Haushalte Energie sparen.",
        270,
    ),
    (
        "LED-Umrüstung in Produktionshallen abgeschlossen",
        "Ein Maschinenbaubetrieb spart durch neue Beleuchtung jährlich Strom.",
        300,
    ),
    (
        "Portal für die Klimaallianz online",
        "Partner, Projekte und Beschlüsse der Magdeburger Klimaallianz sind jetzt an "
        "einem Ort zu finden.",
        330,
    ),
]

BODY = """\
{teaser}

## Worum es geht

Die Partner der Magdeburger Klimaallianz arbeiten gemeinsam am Ziel von 3,2 t CO2e je
Einwohnerin und Einwohner und Jahr bis 2050. Diese Meldung fasst den Stand zusammen.

- Beteiligte Partner stellen ihre Erfahrungen in den Facharbeitsgruppen vor.
- Die Stabsstelle Klimaschutz koordiniert die nächsten Schritte.

Mehr dazu auf den [Projektseiten](/projekte/).
"""


def seed() -> list[tuple[str, str, str]]:
    author = User.objects.filter(email="stabsstelle@klimaportal.example").first()
    now = timezone.now()
    for title, teaser, days_ago in POSTS:
        if Post.objects.filter(title=title).exists():
            continue
        services.post_create(
            author=author,
            title=title,
            teaser=teaser,
            body=BODY.format(teaser=teaser),
            publish_at=now - datetime.timedelta(days=days_ago),
        )
    return []
