"""The category tree seeded by migration: (slug, French name, English name, children)."""

TAXONOMY: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "communication",
        "Communication et marketing",
        "Communication and marketing",
        [
            ("graphisme", "Graphisme et identité visuelle", "Graphic design and branding"),
            ("site-web", "Création de site web", "Website design"),
            ("redaction", "Rédaction et contenus", "Copywriting and content"),
            ("photo-video", "Photographie et vidéo", "Photography and video"),
            (
                "reseaux-sociaux",
                "Réseaux sociaux et community management",
                "Social media management",
            ),
            ("evenementiel-rp", "Relations presse et événementiel", "Press relations and events"),
        ],
    ),
    (
        "informatique",
        "Informatique et numérique",
        "IT and digital",
        [
            ("developpement", "Développement logiciel", "Software development"),
            (
                "depannage-informatique",
                "Maintenance et dépannage informatique",
                "IT support and repair",
            ),
            ("hebergement", "Hébergement et infogérance", "Hosting and managed services"),
            ("cybersecurite-rgpd", "Cybersécurité et RGPD", "Cybersecurity and GDPR compliance"),
            ("materiel-informatique", "Matériel informatique", "Computer hardware"),
        ],
    ),
    (
        "conseil-gestion",
        "Conseil et gestion",
        "Consulting and management",
        [
            (
                "aide-comptable",
                "Aide comptable et tenue des comptes",
                "Bookkeeping and accounting help",
            ),
            ("juridique", "Conseil juridique", "Legal advice"),
            ("rh-recrutement", "Ressources humaines et recrutement", "HR and recruitment"),
            ("strategie", "Conseil en stratégie et gestion", "Strategy and management consulting"),
            ("traduction", "Traduction et interprétariat", "Translation and interpreting"),
            (
                "secretariat",
                "Secrétariat et tâches administratives",
                "Secretarial and admin support",
            ),
        ],
    ),
    (
        "formation",
        "Formation",
        "Training",
        [
            ("formation-pro", "Formation professionnelle", "Professional training"),
            ("langues", "Cours de langues", "Language courses"),
            ("bureautique", "Bureautique et compétences numériques", "Office and digital skills"),
            ("securite-secourisme", "Sécurité et premiers secours", "Safety and first aid"),
        ],
    ),
    (
        "locaux",
        "Locaux et espaces",
        "Premises and spaces",
        [
            ("salle-reunion", "Location de salle de réunion", "Meeting room hire"),
            ("bureau-coworking", "Bureau et coworking", "Office and coworking space"),
            ("stockage", "Stockage et entrepôt", "Storage and warehouse space"),
            ("atelier", "Atelier et local d'activité", "Workshop space"),
            ("salle-evenement", "Salle pour événements", "Event venue"),
        ],
    ),
    (
        "restauration",
        "Restauration et alimentation",
        "Catering and food",
        [
            ("traiteur", "Traiteur et plateaux-repas", "Catering and meal trays"),
            ("produits-alimentaires", "Produits alimentaires", "Food products"),
            ("boissons", "Boissons", "Beverages"),
            ("pauses-cafe", "Pauses café et collations", "Coffee breaks and snacks"),
        ],
    ),
    (
        "entretien",
        "Entretien et travaux",
        "Maintenance and works",
        [
            ("nettoyage", "Nettoyage de locaux", "Office cleaning"),
            ("espaces-verts", "Espaces verts", "Gardening and landscaping"),
            ("petits-travaux", "Petits travaux et bricolage", "Handyman and small works"),
            ("plomberie-electricite", "Plomberie et électricité", "Plumbing and electrical work"),
            ("peinture-renovation", "Peinture et rénovation", "Painting and renovation"),
        ],
    ),
    (
        "transport",
        "Transport et logistique",
        "Transport and logistics",
        [
            ("livraison", "Livraison et coursier", "Delivery and courier"),
            ("demenagement", "Déménagement", "Removals"),
            ("fret", "Transport de marchandises", "Freight transport"),
            ("location-vehicule", "Location et prêt de véhicule", "Vehicle hire and loan"),
        ],
    ),
    (
        "materiel",
        "Matériel et équipement",
        "Equipment",
        [
            ("pret-outillage", "Prêt d'outillage", "Tool loan"),
            ("mobilier", "Mobilier de bureau", "Office furniture"),
            (
                "materiel-evenementiel",
                "Matériel événementiel et sonorisation",
                "Event and sound equipment",
            ),
            ("machines", "Machines et équipements professionnels", "Professional machinery"),
            (
                "cuisine-pro",
                "Matériel de cuisine professionnelle",
                "Professional kitchen equipment",
            ),
        ],
    ),
    (
        "impression-fabrication",
        "Impression et fabrication",
        "Printing and making",
        [
            ("impression", "Impression et reprographie", "Printing and copying"),
            ("signaletique", "Signalétique et enseignes", "Signage"),
            (
                "objets-personnalises",
                "Textile et objets personnalisés",
                "Custom textiles and merchandise",
            ),
            ("menuiserie", "Menuiserie et agencement", "Joinery and fit-out"),
        ],
    ),
    (
        "services-personnes",
        "Bien-être et services aux salariés",
        "Wellbeing and staff services",
        [
            ("bien-etre", "Bien-être au travail", "Workplace wellbeing"),
            (
                "services-salaries",
                "Garde d'enfants et services aux salariés",
                "Childcare and staff services",
            ),
            ("sante-prevention", "Santé et prévention", "Health and prevention"),
        ],
    ),
    (
        "fournitures",
        "Fournitures et stocks",
        "Supplies and stock",
        [
            ("fournitures-bureau", "Fournitures de bureau", "Office supplies"),
            ("emballages", "Emballages", "Packaging"),
            ("stocks-invendus", "Stocks et invendus", "Surplus stock"),
            ("materiaux", "Matériaux de construction", "Building materials"),
            ("produits-entretien", "Produits d'entretien", "Cleaning products"),
        ],
    ),
    (
        "culture-loisirs",
        "Culture et animation",
        "Culture and entertainment",
        [
            ("animation-spectacle", "Animation et spectacles", "Entertainment and shows"),
            ("team-building", "Séminaires et team building", "Seminars and team building"),
            ("artisanat-cadeaux", "Artisanat et cadeaux d'affaires", "Crafts and corporate gifts"),
        ],
    ),
]


def sync_categories(category_model) -> None:
    """Create or update the tree from TAXONOMY (idempotent: upsert by slug).

    Takes the model as a parameter so that the data migration can pass its historical model.
    """
    for root_position, (slug, name_fr, name_en, children) in enumerate(TAXONOMY):
        root, _ = category_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name_fr": name_fr,
                "name_en": name_en,
                "parent": None,
                "position": root_position,
            },
        )
        for position, (child_slug, child_fr, child_en) in enumerate(children):
            category_model.objects.update_or_create(
                slug=child_slug,
                defaults={
                    "name_fr": child_fr,
                    "name_en": child_en,
                    "parent": root,
                    "position": position,
                },
            )
