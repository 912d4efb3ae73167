"""The demo team and the demo customers: names only, no behaviour."""

from __future__ import annotations

DOMAIN = "rhythm.example"
PASSWORD = "rhythm-demo"

MANAGER = ("maria.santos", "Maria Santos", "manager", "", "EMEA")
CSMS = [
    ("alex.chen", "Alex Chen", "csm", "maria.santos", "AMER"),
    ("priya.nair", "Priya Nair", "csm", "maria.santos", "EMEA"),
    ("jonas.weber", "Jonas Weber", "csm", "maria.santos", "EMEA"),
    ("sofia.rossi", "Sofia Rossi", "csm", "maria.santos", "APAC"),
]
ACCOUNT_TEAM = [
    ("tom.baker", "Tom Baker", "ae", "", "AMER"),
    ("nina.patel", "Nina Patel", "sa", "", "EMEA"),
    ("omar.haddad", "Omar Haddad", "pse", "", "EMEA"),
]
OTHERS = [
    ("lena.fischer", "Lena Fischer", "leadership", "", "EMEA"),
    ("admin", "Rhythm Admin", "admin", "", "EMEA"),
]

# How many accounts each CSM carries: one book above and one below the playbook's
# 12-20 range, so the book-size rule has something to say.
BOOK_SIZES = {"alex.chen": 21, "priya.nair": 12, "jonas.weber": 9, "sofia.rossi": 6}

COMPANIES = [
    "Northwind Bank",
    "Bluewater Health",
    "Cobalt Retail",
    "Dunmore Steel",
    "Everpeak Energy",
    "Fjord Telecom",
    "Granite Insurance",
    "Harbor Logistics",
    "Ironbridge Capital",
    "Juniper Pharma",
    "Kestrel Airlines",
    "Lumen Media",
    "Meridian Foods",
    "Nimbus Software",
    "Orchid Hospitals",
    "Pinecrest Mutual",
    "Quarry Mining",
    "Redwood Motors",
    "Saffron Hotels",
    "Tidewater Ports",
    "Umbra Security",
    "Vantage Analytics",
    "Willow Education",
    "Xenon Semiconductors",
    "Yarrow Agritech",
    "Zephyr Wind",
    "Atlas Payments",
    "Beacon Labs",
    "Cascade Utilities",
    "Delta Freight",
    "Emberline Games",
    "Falcon Defense",
    "Glacier Water",
    "Helix Genomics",
    "Indigo Fashion",
    "Jasper Realty",
    "Keystone Rail",
    "Lattice Robotics",
    "Monarch Travel",
    "Nova Satellite",
    "Opal Cosmetics",
    "Prism Optics",
    "Quantum Clearing",
    "Ridge Outdoor",
    "Summit Credit Union",
    "Tundra Cold Chain",
    "Upland Dairy",
    "Vertex Government Services",
]
INDUSTRIES = [
    "Finance",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Energy",
    "Telecom",
    "Finance",
    "Logistics",
    "Finance",
    "Healthcare",
    "Travel",
    "Media",
    "Retail",
    "Software",
    "Healthcare",
    "Finance",
    "Manufacturing",
    "Manufacturing",
    "Travel",
    "Logistics",
    "Software",
    "Software",
    "Public sector",
    "Manufacturing",
    "Manufacturing",
    "Energy",
    "Finance",
    "Healthcare",
    "Energy",
    "Logistics",
    "Media",
    "Public sector",
    "Energy",
    "Healthcare",
    "Retail",
    "Finance",
    "Logistics",
    "Manufacturing",
    "Travel",
    "Telecom",
    "Retail",
    "Manufacturing",
    "Finance",
    "Retail",
    "Finance",
    "Logistics",
    "Retail",
    "Public sector",
]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jamal",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Rina",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
]
LAST_NAMES = [
    "Adams",
    "Brandt",
    "Costa",
    "Duarte",
    "Eriksen",
    "Fontaine",
    "Gupta",
    "Hale",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
]


def email(handle: str) -> str:
    """Return a demo team member's email."""
    return f"{handle}@{DOMAIN}"


def company_domain(company: str) -> str:
    """Return a demo customer's email domain."""
    return company.lower().replace(" ", "") + ".example"
