"""Words of the generated demo catalogue (marche/core/catalogue.py): names, descriptions and
offers per sector group of the taxonomy, so that what a supplier says matches what it does.

Placeholders: {city} (the supplier's commune), {department} (its department's name),
{sectors} (its sectors' labels, lower case), {kind} (its structure kind's label).
"""

# Sector group (taxonomy name) -> how often it appears, names, sentences and offers.
# Weights follow what SIAE mostly do (green spaces, cleaning, building, recycling, catering
# and laundry first); "headline" sectors are drawn more often inside their group.
GROUPS = {
    "Espaces verts & extérieurs": {
        "weight": 14,
        "headline": ["Création et entretien des espaces verts"],
        "build": False,
        "names": [
            "Les Jardins de {city}",
            "Espaces Verts Solidaires de {city}",
            "Paysages et Insertion {department}",
            "Chantier Nature {city}",
            "Vert Tremplin",
            "Les Brigades Vertes de {city}",
            "Terre et Avenir",
            "Jardin d'Insertion du {department}",
        ],
        "brands": ["Vert'Up", "Les Jardiniers", "Jardin'Avenir", "Verdure & Co", "Éco-Paysage"],
        "sentences": [
            "Nous assurons l'entretien des espaces verts des collectivités, des bailleurs sociaux et des entreprises : tonte, taille de haies, débroussaillage et ramassage des feuilles.",
            "Nos équipes créent aussi des espaces verts : plantations, engazonnement, massifs fleuris et petits aménagements paysagers.",
            "Nous pratiquons la gestion différenciée et le zéro phyto, avec un broyage des déchets verts sur place pour le paillage.",
            "Nous intervenons sur les espaces naturels sensibles : fauche tardive, entretien de berges et de sentiers, lutte contre les plantes invasives.",
            "Le matériel est récent et adapté : tondeuses autoportées, taille-haies électriques, broyeur et camion-benne.",
            "Les abords de parkings, de zones d'activité et de résidences sont entretenus toute l'année selon un calendrier convenu avec le client.",
        ],
        "offers": [
            (
                "Entretien des espaces verts",
                "Tonte, taille, désherbage manuel et évacuation des déchets verts, au forfait annuel ou à la demande.",
            ),
            ("Création d'espaces verts", "Plantations, gazon, massifs et petits aménagements paysagers."),
            ("Débroussaillage et élagage", "Débroussaillage de terrains, abattage et élagage de petits arbres."),
            ("Entretien des espaces naturels", "Fauche, entretien de berges et de sentiers, gestion différenciée."),
        ],
    },
    "Hygiène et Propreté": {
        "weight": 13,
        "headline": ["Nettoyage de locaux"],
        "build": False,
        "names": [
            "Propreté Solidaire de {city}",
            "Net Insertion {department}",
            "Les Nettoyeurs de {city}",
            "Clair et Net {city}",
            "Services Propreté Inclusion",
            "Éclat Services {city}",
        ],
        "brands": ["Net'Services", "Clair & Net", "Propre'Up", "Éclat", "Brillance"],
        "sentences": [
            "Nous réalisons le nettoyage de locaux professionnels : bureaux, écoles, salles communales, commerces et parties communes d'immeubles.",
            "Nos agents interviennent tôt le matin ou en soirée pour ne pas gêner l'activité de nos clients.",
            "Nous utilisons des produits d'entretien écolabellisés et des méthodes qui limitent la consommation d'eau.",
            "Nous assurons aussi la remise en état après travaux, le lavage des vitres et le nettoyage de fin de chantier.",
            "Chaque site a un référent qui suit la qualité de la prestation avec une grille de contrôle partagée avec le client.",
            "Nos équipes sont formées aux protocoles de désinfection des établissements recevant du public.",
        ],
        "offers": [
            ("Nettoyage de bureaux", "Entretien régulier de bureaux et locaux professionnels, fréquence au choix."),
            ("Nettoyage de vitres", "Lavage des vitres et des façades vitrées jusqu'à 3 mètres."),
            ("Remise en état après travaux", "Nettoyage de fin de chantier avant livraison ou emménagement."),
            ("Entretien des parties communes", "Halls, escaliers, ascenseurs et locaux poubelles des résidences."),
        ],
    },
    "Bâtiments et Travaux publics": {
        "weight": 10,
        "headline": ["Menuiserie", "Peinture & Revêtement des murs", "Tous travaux et petits bricolages"],
        "build": False,
        "names": [
            "Bâtir Ensemble {city}",
            "Les Compagnons du {department}",
            "Rénov'Insertion {city}",
            "Second Œuvre Solidaire",
            "Atelier Bâtiment de {city}",
            "Chantier École {department}",
        ],
        "brands": ["Bâtir'Up", "Les Compagnons", "Rénov'Action", "Habitat Solidaire"],
        "sentences": [
            "Nous réalisons des travaux de second œuvre : peinture, revêtements de sols et de murs, plâtrerie, petite menuiserie et électricité.",
            "Nos chantiers concernent des logements sociaux, des écoles, des locaux associatifs et des bâtiments publics.",
            "Nous intervenons en site occupé, avec des équipes encadrées par des compagnons expérimentés.",
            "La déconstruction soignée et le curage avant rénovation permettent de réemployer une partie des matériaux.",
            "Nous répondons aux marchés publics de travaux avec clause sociale, seuls ou en cotraitance avec des entreprises du bâtiment.",
            "Nos salariés préparent des titres professionnels du bâtiment pendant leur parcours.",
        ],
        "offers": [
            ("Travaux de peinture", "Peinture intérieure et extérieure, préparation des supports, finitions."),
            (
                "Petits travaux et rénovation",
                "Rénovation de logements vacants, petites réparations, pose de revêtements.",
            ),
            ("Menuiserie intérieure", "Pose de portes, placards, parquets et cloisons."),
            ("Curage et déconstruction", "Curage avant travaux et tri des déchets de chantier."),
        ],
    },
    "Collecte & Traitement des déchets": {
        "weight": 6,
        "headline": ["Collecte d'encombrants", "Collecte des déchets textiles"],
        "build": False,
        "names": ["Collecte Solidaire de {city}", "Tri et Avenir {department}", "Ressources {city}", "La Collecterie"],
        "brands": ["Collect'Up", "Tri'Action", "La Collecterie"],
        "sentences": [
            "Nous collectons les encombrants, les déchets d'équipements électriques, le papier, les cartons et les textiles des entreprises et des collectivités.",
            "Les déchets collectés sont triés dans notre centre puis orientés vers les filières de recyclage agréées.",
            "Nous proposons des bacs de tri pour les bureaux et un passage régulier avec un bordereau de suivi des déchets.",
            "Nos tournées de collecte sont optimisées pour limiter les kilomètres parcourus.",
        ],
        "offers": [
            ("Collecte d'encombrants", "Enlèvement d'encombrants et de mobilier usagé sur rendez-vous."),
            ("Collecte de papiers et cartons", "Bacs de tri, collecte régulière et certificat de recyclage."),
            ("Collecte des DEEE", "Reprise des équipements électriques et électroniques usagés."),
        ],
    },
    "Recyclage, économie circulaire": {
        "weight": 7,
        "headline": ["Achat de produits reconditionnés (informatique, électronique...)", "Recyclage textiles"],
        "build": True,
        "names": [
            "Recyclerie de {city}",
            "Ressourcerie du {department}",
            "Seconde Vie {city}",
            "Atelier Réemploi",
            "Le Répar'Lab",
        ],
        "brands": ["Seconde Vie", "Réemploi+", "La Ressourcerie", "Recycl'Up"],
        "sentences": [
            "Notre recyclerie donne une seconde vie au mobilier, aux textiles, aux vélos et aux équipements informatiques.",
            "Nous reconditionnons des ordinateurs portables et des smartphones, avec effacement certifié des données et garantie d'un an.",
            "Les objets collectés sont triés, réparés puis revendus dans notre boutique solidaire ou recyclés.",
            "Nous accompagnons les entreprises dans le réemploi de leur mobilier de bureau lors d'un déménagement.",
            "Chaque année, plusieurs centaines de tonnes sont détournées de l'enfouissement.",
        ],
        "offers": [
            ("Matériel informatique reconditionné", "Ordinateurs et écrans reconditionnés, garantis un an."),
            ("Réemploi de mobilier de bureau", "Reprise, remise en état et revente de mobilier professionnel."),
            ("Recyclage textile", "Collecte, tri et valorisation des textiles professionnels."),
        ],
    },
    "Restauration": {
        "weight": 9,
        "headline": ["Traiteur", "Restauration collective", "Paniers, plateaux repas"],
        "build": True,
        "names": [
            "Traiteur Solidaire de {city}",
            "La Table de {city}",
            "Cuisine et Insertion {department}",
            "Les Saveurs Solidaires",
            "Le Comptoir Solidaire de {city}",
            "Les Toques du {department}",
        ],
        "brands": ["Saveurs Partagées", "Toque Solidaire", "La Bonne Table", "Cuisine Mosaïque"],
        "sentences": [
            "Notre service traiteur prépare buffets, cocktails, plateaux repas et repas de fête pour les entreprises et les collectivités.",
            "Nous cuisinons des produits frais, locaux et de saison, avec des menus végétariens et adaptés aux régimes particuliers.",
            "Notre cuisine centrale livre aussi des repas en restauration collective pour des crèches, des écoles et des établissements médico-sociaux.",
            "Nous livrons en véhicule réfrigéré et reprenons la vaisselle réutilisable après l'événement.",
            "Nos salariés en insertion se forment aux métiers de commis de cuisine, de plonge et de service en salle.",
            "Nous limitons le gaspillage alimentaire en ajustant les quantités et en donnant les invendus à des associations.",
        ],
        "offers": [
            ("Traiteur pour événements", "Buffets, cocktails et repas de fête de 20 à 500 personnes."),
            ("Plateaux repas", "Plateaux repas livrés pour réunions et séminaires, commande la veille."),
            ("Restauration collective", "Repas livrés en liaison froide pour crèches, écoles et établissements."),
            ("Pauses café et petits déjeuners", "Viennoiseries maison, boissons chaudes et jus de fruits locaux."),
        ],
    },
    "Entretien du linge": {
        "weight": 6,
        "headline": ["Blanchisserie", "Repassage"],
        "build": False,
        "names": [
            "Blanchisserie Solidaire de {city}",
            "Le Lavoir de {city}",
            "Linge et Insertion {department}",
            "Pressing Solidaire",
        ],
        "brands": ["Le Lavoir", "Blanc Bleu", "Linge Net", "Net'Linge"],
        "sentences": [
            "Notre blanchisserie industrielle traite le linge plat et les vêtements de travail des établissements de santé, des hôtels et des restaurants.",
            "Nous assurons la collecte, le lavage, le séchage, le repassage et la livraison du linge, avec un suivi par lot.",
            "Le linge des établissements médico-sociaux est traité selon la méthode RABC, qui garantit son hygiène.",
            "Nous proposons aussi un service de repassage et de retouches pour les particuliers et les salariés de nos entreprises clientes.",
            "Nos machines récentes réduisent la consommation d'eau et d'énergie.",
        ],
        "offers": [
            (
                "Blanchisserie professionnelle",
                "Linge plat, vêtements de travail et tenues, collecte et livraison comprises.",
            ),
            ("Repassage", "Repassage et pliage du linge, dépôt en point relais ou en entreprise."),
            ("Retouches et couture", "Retouches, ourlets et réparation des vêtements professionnels."),
        ],
    },
    "Déménagements, Livraisons & Transports": {
        "weight": 5,
        "headline": ["Déménagement", "Coursiers, livraison de plis & colis"],
        "build": False,
        "names": [
            "Déménagement Solidaire de {city}",
            "Les Coursiers de {city}",
            "Transports Inclusion {department}",
            "Vélo Livraison {city}",
        ],
        "brands": ["Coursiers Solidaires", "Déménag'Up", "Roule Ma Poule"],
        "sentences": [
            "Nous réalisons les déménagements de bureaux, d'archives et de mobilier, y compris les transferts entre sites.",
            "Nos coursiers livrent plis et colis en centre-ville à vélo cargo, sans émission.",
            "Nous assurons la livraison du dernier kilomètre pour des commerces et des collectivités.",
            "Nos chauffeurs sont titulaires du permis poids lourd ou se forment pour l'obtenir pendant leur parcours.",
        ],
        "offers": [
            ("Déménagement de bureaux", "Démontage, emballage, transport et remontage du mobilier."),
            ("Livraison à vélo cargo", "Plis et colis livrés en centre-ville dans la journée."),
            ("Transport de marchandises", "Transport en véhicule utilitaire avec chauffeur."),
        ],
    },
    "Sous-traitance industrielle": {
        "weight": 6,
        "headline": ["Logistique, conditionnement", "Manutention"],
        "build": True,
        "names": [
            "Atelier Conditionnement de {city}",
            "Logistique Solidaire {department}",
            "Industrie et Insertion {city}",
            "Les Ateliers du {department}",
        ],
        "brands": ["Condi'Services", "Log'In", "Atelier Plus"],
        "sentences": [
            "Nous prenons en charge la logistique et le conditionnement : mise sous pli, étiquetage, assemblage de kits et préparation de commandes.",
            "Notre atelier de sous-traitance industrielle réalise des travaux d'assemblage, de contrôle qualité et de reconditionnement.",
            "Nous disposons d'un entrepôt de stockage et d'une équipe de manutention mobilisable rapidement.",
            "Les petites et les grandes séries sont acceptées, avec des délais tenus et une traçabilité complète.",
        ],
        "offers": [
            ("Conditionnement et mise sous pli", "Étiquetage, mise sous film, assemblage de kits et de coffrets."),
            ("Préparation de commandes", "Stockage, préparation et expédition de commandes."),
            ("Manutention", "Équipes de manutention pour chargements, inventaires et déménagements internes."),
        ],
    },
    "Agro-Alimentaire": {
        "weight": 5,
        "headline": ["Maraîchage, légumerie, conserverie"],
        "build": True,
        "names": [
            "Les Jardins Maraîchers de {city}",
            "Ferme Solidaire du {department}",
            "Légumerie de {city}",
            "Paniers Bio de {city}",
        ],
        "brands": ["Les Paniers Bio", "Terre Solidaire", "Potager d'Avenir"],
        "sentences": [
            "Nous cultivons des légumes biologiques en maraîchage et les vendons en paniers hebdomadaires aux particuliers et aux entreprises.",
            "Notre légumerie lave, épluche et découpe les légumes pour la restauration collective.",
            "Notre conserverie transforme les surplus de récolte en soupes, confitures et conserves.",
            "Les légumes sont cultivés à quelques kilomètres de leurs lieux de consommation.",
        ],
        "offers": [
            ("Paniers de légumes bio", "Paniers hebdomadaires livrés en entreprise ou en point relais."),
            ("Légumes prêts à cuisiner", "Légumes lavés, épluchés et découpés pour les cuisines collectives."),
            ("Conserves et confitures", "Produits transformés à partir de légumes et fruits locaux."),
        ],
    },
    "Ameublement, déco, textile & Artisanat": {
        "weight": 5,
        "headline": ["Travail du bois", "Textiles"],
        "build": True,
        "names": [
            "Atelier Bois de {city}",
            "Les Ateliers Couture de {city}",
            "Fabrique Solidaire du {department}",
            "Menuiserie d'Insertion",
        ],
        "brands": ["La Fabrique", "Bois & Cie", "Fil Solidaire"],
        "sentences": [
            "Notre atelier fabrique du mobilier sur mesure en bois local et de réemploi : bancs, tables, jardinières et aménagements de bureaux.",
            "Notre atelier couture confectionne des sacs, des tabliers, des objets textiles et des tenues à partir de tissus de récupération.",
            "Chaque pièce est fabriquée à la commande, en petite série ou à l'unité.",
            "Nous restaurons aussi du mobilier ancien et assurons la rénovation de sièges.",
        ],
        "offers": [
            ("Mobilier sur mesure", "Mobilier en bois pour espaces publics, bureaux et tiers-lieux."),
            ("Confection textile", "Sacs, tabliers et objets textiles personnalisés."),
            ("Rénovation de mobilier", "Remise en état et personnalisation de mobilier existant."),
        ],
    },
    "Assistance générale et administrative": {
        "weight": 3,
        "headline": ["Conciergerie d'entreprise", "Mailing, archivage, secrétariat"],
        "build": False,
        "names": ["Conciergerie Solidaire de {city}", "Secrétariat Services {department}", "Accueil Plus {city}"],
        "brands": ["Concierge'Up", "Accueil Plus"],
        "sentences": [
            "Nous proposons une conciergerie d'entreprise : pressing, cordonnerie, paniers, petits services aux salariés.",
            "Nous assurons l'accueil physique et téléphonique, le secrétariat, le mailing et l'archivage de documents.",
            "Nos équipes s'adaptent aux horaires et aux outils de nos clients.",
        ],
        "offers": [
            ("Conciergerie d'entreprise", "Services aux salariés sur site ou en point relais."),
            ("Archivage et mailing", "Classement, archivage, mise sous pli et envois en nombre."),
        ],
    },
    "Prestations informatiques": {
        "weight": 2,
        "headline": ["Numérisation & GED", "Gestion du parc informatique, Maintenance & Installation"],
        "build": False,
        "names": ["Numérique Solidaire de {city}", "Data Insertion {department}", "Les Numériseurs"],
        "brands": ["Numéri'Up", "Data Solidaire"],
        "sentences": [
            "Nous numérisons archives et documents papier et les indexons dans votre outil de gestion électronique des documents.",
            "Nous installons et maintenons les parcs informatiques des associations, des collectivités et des PME.",
            "Nos salariés se forment aux métiers du numérique : support utilisateurs, saisie, tests de logiciels.",
        ],
        "offers": [
            ("Numérisation de documents", "Numérisation, indexation et restitution dans votre GED."),
            ("Maintenance informatique", "Installation, déploiement et maintenance de postes."),
        ],
    },
    "Communication, Marketing": {
        "weight": 2,
        "headline": ["Impressions", "Objet promotionnel (goodies)"],
        "build": True,
        "names": ["Imprimerie Solidaire de {city}", "Atelier Signalétique {department}", "Com'Inclusion"],
        "brands": ["Print'Up", "Signal Solidaire"],
        "sentences": [
            "Notre imprimerie réalise flyers, affiches, brochures et cartes de visite sur papier recyclé.",
            "Nous fabriquons des objets promotionnels et de la signalétique pour les événements et les bâtiments.",
            "Nous accompagnons l'organisation d'événements : logistique, accueil et matériel.",
        ],
        "offers": [
            ("Impression", "Impression de documents sur papier recyclé, petites et grandes séries."),
            ("Objets promotionnels", "Goodies fabriqués en atelier ou issus du réemploi."),
        ],
    },
    "Services à la personne": {
        "weight": 4,
        "headline": ["Aide ménagère", "Entretien des jardins"],
        "build": False,
        "names": ["Services à Domicile de {city}", "Coup de Main {department}", "Aide et Services {city}"],
        "brands": ["Coup de Main", "Services Plus"],
        "sentences": [
            "Nous proposons de l'aide ménagère, du repassage et de l'entretien des jardins chez les particuliers.",
            "Nos interventions ouvrent droit au crédit d'impôt pour les services à la personne.",
            "Nous réalisons aussi les petits travaux de bricolage dans les logements.",
        ],
        "offers": [
            ("Aide ménagère", "Ménage et repassage au domicile des particuliers."),
            ("Entretien des jardins", "Tonte, taille et désherbage chez les particuliers."),
        ],
    },
    "Réparations & Dépannages": {
        "weight": 2,
        "headline": ["Réparation de vélos", "Garage, mécanique automobile"],
        "build": False,
        "names": ["Garage Solidaire de {city}", "Atelier Vélo {city}", "Répar'Insertion {department}"],
        "brands": ["Garage Solidaire", "Vélo'Cité"],
        "sentences": [
            "Notre garage solidaire entretient et répare les véhicules des particuliers à revenus modestes et des flottes d'entreprises.",
            "Notre atelier vélo répare, entretient et révise les flottes de vélos à assistance électrique.",
            "Nous intervenons aussi pour l'entretien de machines et de matériels.",
        ],
        "offers": [
            ("Entretien de flottes de vélos", "Révision et réparation de vélos et de vélos à assistance électrique."),
            ("Mécanique automobile", "Entretien et réparation de véhicules légers."),
        ],
    },
    "Culture, Divertissement et Tourisme": {
        "weight": 1,
        "headline": ["Hôtellerie", "Activités à caractère touristique"],
        "build": False,
        "names": ["Auberge Solidaire de {city}", "Tourisme et Insertion {department}"],
        "brands": ["L'Auberge", "Escales Solidaires"],
        "sentences": [
            "Nous accueillons groupes et séminaires dans notre auberge et proposons des activités de découverte du territoire.",
            "Nous organisons des animations culturelles et sportives pour les collectivités et les comités d'entreprise.",
        ],
        "offers": [("Séminaires et hébergement", "Accueil de groupes, salles de réunion et restauration.")],
    },
    "Sécurité & Préventions": {
        "weight": 1,
        "headline": ["Médiation (urbaine, sociale...)", "Poste de garde / Accueil"],
        "build": False,
        "names": ["Médiation Solidaire de {city}", "Prévention et Accueil {department}"],
        "brands": ["Médiation Plus"],
        "sentences": [
            "Nos médiateurs interviennent dans l'espace public, les transports et les résidences pour apaiser les tensions.",
            "Nous assurons l'accueil et la surveillance de sites et d'événements.",
        ],
        "offers": [("Médiation urbaine", "Présence de médiateurs dans l'espace public et les transports.")],
    },
    "Prestations intellectuelles": {
        "weight": 1,
        "headline": ["Conseils & Formation", "Traductions"],
        "build": False,
        "names": ["Conseil et Insertion {department}", "Formation Solidaire de {city}"],
        "brands": ["Cap Compétences"],
        "sentences": [
            "Nous formons les équipes des entreprises à l'accueil de salariés en insertion et aux achats responsables.",
            "Nous proposons des traductions et de l'interprétariat dans une quinzaine de langues.",
        ],
        "offers": [("Formation", "Formations courtes pour les équipes de nos clients.")],
    },
}

# Sentences any structure may use, about insertion and about working with buyers.
INSERTION = [
    "Notre {kind} accompagne chaque année des salariés en parcours d'insertion vers un emploi durable.",
    "Chaque salarié est suivi par un encadrant technique et par une conseillère en insertion professionnelle qui l'aide à lever les freins à l'emploi : mobilité, logement, santé, formation.",
    "Nos salariés préparent des certificats de qualification professionnelle et des titres du ministère du Travail.",
    "Plus de la moitié des personnes que nous accompagnons trouvent un emploi ou une formation à la sortie de leur parcours.",
    "Nous travaillons avec France Travail, les missions locales et les acteurs sociaux de {city} et des environs.",
    "Faire appel à nous, c'est intégrer des heures d'insertion dans vos marchés publics et privés grâce à la clause sociale.",
    "Nos clients apprécient notre réactivité, la qualité de notre travail et notre engagement local.",
    "Nous répondons aux appels d'offres des collectivités du {department} et des départements voisins.",
]
OPENINGS = [
    "Implantée à {city}, notre structure intervient dans les domaines suivants : {sectors}.",
    "Depuis {city}, nous proposons nos services aux entreprises et aux collectivités : {sectors}.",
    "Nos métiers : {sectors}.",
]

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Amina", "Fatou", "Claire", "Nadia", "Sophie",
    "Lucas", "Hugo", "Karim", "Thomas", "Mehdi", "Nicolas", "Julien", "Mamadou", "Antoine", "Yann", "Samir", "Pierre",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Moreau", "Laurent", "Lefèvre", "Garcia", "Roux", "Fournier", "Girard",
    "Benali", "Diallo", "Nguyen", "Mercier", "Blanc", "Guérin", "Muller", "Faure", "Rousseau", "Lambert", "Haddad",
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "rue Pasteur",
    "rue des Artisans", "chemin des Jardins", "rue de l'Industrie", "avenue de la Gare", "rue du Moulin",
    "zone d'activités des Prés", "impasse des Tilleuls", "rue Jules Ferry", "allée des Acacias",
]  # fmt: skip
