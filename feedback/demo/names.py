"""Name pools for the demo roster: Flemish names for Dutch speakers, international for English."""

from __future__ import annotations

NL_FIRST = (
    "Jan", "Pieter", "Koen", "Bart", "Wim", "Tom", "Stijn", "Joris", "Lieven", "Dirk",
    "Geert", "Luc", "Marc", "Kris", "Steven", "Jens", "Wout", "Arne", "Seppe", "Lars",
    "Thijs", "Robbe", "Ruben", "Bram", "Sander", "Glenn", "Kevin", "Nico", "Jef", "Warre",
    "An", "Els", "Sofie", "Lien", "Katrien", "Veerle", "Hilde", "Griet", "Ine", "Leen",
    "Nathalie", "Sarah", "Eline", "Lotte", "Femke", "Jolien", "Elke", "Tine", "Marijke", "Evi",
    "Hanne", "Nele", "Liesbeth", "Annelies", "Kaat", "Fien", "Charlotte", "Laura", "Marieke",
    "Mohamed", "Yassine", "Fatima", "Samira", "Emre", "Elif", "Bilal", "Nora",
)  # fmt: skip

NL_LAST = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Vermeulen", "Van Damme", "De Vos", "Hermans", "Aerts", "Pauwels",
    "Van de Velde", "Declercq", "Verhoeven", "Michiels", "Dewulf", "Vandenberghe", "Stevens",
    "Verstraete", "Lambrechts", "Martens", "Claeys", "Van Acker", "Bogaert", "De Backer",
    "Coppens", "Smets", "Cools", "Segers", "Wuyts", "Verbeke", "Van Hecke", "De Wilde",
    "Geerts", "Van Looy", "Timmermans", "Van den Broeck", "Nijs", "Baert", "Cornelis",
    "Schepers", "Vanhoutte", "D'Hondt", "Van Impe", "Moens", "El Idrissi", "Benali", "Aydın",
    "Öztürk",
)  # fmt: skip

EN_FIRST = (
    "James", "Olivia", "Daniel", "Emma", "Michael", "Sophie", "David", "Hannah", "Lucas",
    "Grace", "Tomasz", "Anna", "Marta", "Piotr", "Ioana", "Andrei", "Carlos", "Lucía", "Ahmed",
    "Yasmine", "Priya", "Rahul", "Chen", "Mei", "Kwame", "Amara", "Liam", "Chloe", "Omar",
    "Leila", "Nikos", "Elena", "Seán", "Aoife", "Mateo", "Sara", "Ben", "Kate", "Ravi", "Zofia",
)  # fmt: skip

EN_LAST = (
    "Smith", "Brown", "Wilson", "Taylor", "Murphy", "O'Brien", "Kowalski", "Nowak", "Popescu",
    "Ionescu", "García", "Martínez", "Rossi", "Ferrari", "Haddad", "Sharma", "Patel", "Wang",
    "Li", "Mensah", "Okafor", "Johnson", "Walsh", "Papadopoulos", "Novak", "Horváth", "Silva",
    "Costa", "Müller", "Schmidt", "Kaya", "Andersen", "Kelly", "Byrne", "Lindqvist", "Dubois",
)  # fmt: skip
