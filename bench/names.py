"""First and last names in several languages for the benchmark's generated candidates."""

from __future__ import annotations

# language -> (first names, last names)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "da": (
        ("Anna", "Mette", "Søren", "Frederik", "Ida", "Mads", "Sofie", "Jesper", "Maja", "Rasmus", "Kirsten",
         "Niels", "Birgitte", "Magnus", "Freja", "Lars", "Henrik", "Louise", "Camilla", "Anders", "Trine",
         "Mikkel", "Line", "Jens"),
        ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
         "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
         "Poulsen", "Johansen", "Møller", "Mortensen", "Kjærgaard", "Østergaard", "Holm", "Dahl"),
    ),
    "no": (
        ("Øyvind", "Kari", "Ingrid", "Bjørn", "Sigrid", "Håkon", "Solveig", "Eirik", "Ragnhild", "Torbjørn",
         "Marit", "Knut", "Nora", "Emil", "Ole", "Astrid", "Jonas", "Hedda", "Sindre", "Tone", "Vegard",
         "Silje", "Geir", "Hanne"),
        ("Johansen", "Olsen", "Berg", "Haugen", "Bakken", "Solberg", "Løken", "Dahl", "Strøm", "Lunde",
         "Moen", "Aasland", "Hagen", "Halvorsen", "Eriksen", "Kristiansen", "Jacobsen", "Karlsen",
         "Andreassen", "Nilsen", "Lie", "Næss", "Fjeld", "Haug"),
    ),
    "sv": (
        ("Åsa", "Björn", "Linnéa", "Erik", "Karin", "Gustav", "Elin", "Oskar", "Maria", "Sven", "Ebba",
         "Johan", "Astrid", "Nils", "Sara", "Anders", "Ingrid", "Per", "Hanna", "Lars", "Emma", "Mikael",
         "Frida", "Olof"),
        ("Lindqvist", "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindström",
         "Bergström", "Åberg", "Forsberg", "Sjöberg", "Holmgren", "Larsson", "Olsson", "Persson",
         "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Axelsson", "Lundqvist", "Öberg",
         "Ek"),
    ),
    "nl": (
        ("Zoë", "Daan", "Sanne", "Bram", "Lotte", "Thijs", "Femke", "Joost", "Anouk", "Sem", "Ilse", "Ruud",
         "Pieter", "Eva", "Jan", "Sophie", "Lars", "Fleur", "Niels", "Iris", "Koen", "Marieke", "Wouter",
         "Noor"),
        ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Mulder", "van den Broek",
         "Dekker", "Brouwer", "Kuijpers", "de Jong", "van den Berg", "Hoekstra", "Meijer", "de Groot",
         "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dijkstra", "in 't Veld"),
    ),
    "en": (
        ("Oliver", "Charlotte", "James", "Emily", "Harry", "Sophie", "Thomas", "Grace", "William", "Olivia",
         "Jack", "Amelia", "George", "Isla", "Henry", "Ava", "Samuel", "Lily", "Daniel", "Hannah", "Joseph",
         "Ella", "Liam", "Mia"),
        ("Smith", "Taylor", "Brown", "Wilson", "Evans", "Thompson", "Wright", "Walker", "Robinson", "Hughes",
         "Edwards", "Clarke", "Johnson", "Roberts", "Wood", "Hall", "Green", "Lewis", "Harris", "Jackson",
         "O'Brien", "Turner", "White", "Cooper"),
    ),
    "de": (
        ("Jürgen", "Lena", "Maximilian", "Anja", "Felix", "Katrin", "Lukas", "Julia", "Matthias", "Sabine",
         "Tobias", "Jörg", "Leonie", "Jonas", "Hannah", "Stefan", "Anke", "Florian", "Ute", "Moritz",
         "Johanna", "Dirk", "Heike", "Paul"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
         "Groß", "Hartmann", "Krüger", "Meyer", "Wagner", "Schulz", "Bauer", "Richter", "Klein", "Wolf",
         "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofmann"),
    ),
    "pl": (
        ("Łukasz", "Agnieszka", "Paweł", "Katarzyna", "Michał", "Małgorzata", "Krzysztof", "Zofia", "Tomasz",
         "Joanna", "Grzegorz", "Ewa", "Anna", "Piotr", "Magdalena", "Marcin", "Aleksandra", "Jakub", "Monika",
         "Wojciech", "Barbara", "Kamil", "Natalia", "Adam"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
         "Woźniak", "Dąbrowski", "Kozłowski", "Mazur", "Jankowski", "Kwiatkowski", "Krawczyk", "Piotrowski",
         "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Majewski"),
    ),
    "es": (
        ("José", "María", "Javier", "Lucía", "Álvaro", "Carmen", "Sergio", "Inés", "Pablo", "Begoña",
         "Andrés", "Nuria", "Antonio", "Laura", "Manuel", "Marta", "David", "Elena", "Carlos", "Paula",
         "Miguel", "Sara", "Jorge", "Cristina"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
         "Muñoz", "Jiménez", "Ibáñez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero", "Alonso",
         "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez"),
    ),
    "tr": (
        ("Emre", "Ayşe", "Mehmet", "Zeynep", "Burak", "Elif", "Çağlar", "Gülşen", "Oğuz", "Şebnem", "Kerem",
         "İrem", "Ahmet", "Fatma", "Mustafa", "Emine", "Ali", "Hatice", "Hüseyin", "Merve", "Can", "Ece",
         "Deniz", "Selin"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç",
         "Kılıç", "Yıldırım", "Özdemir", "Kara", "Aslan", "Çetin", "Kurt", "Özkan", "Şimşek", "Polat",
         "Korkmaz", "Erdoğan", "Güneş"),
    ),
    "zh": (
        ("Wei", "Li", "Fang", "Jun", "Xiaoming", "Mei", "Hao", "Yan", "Jing", "Lei", "Xin", "Qiang", "Na",
         "Min", "Tao", "Hui", "Yu", "Bo", "Ling", "Ping", "Lan", "Chen", "Ying", "He"),
        ("Zhang", "Wang", "Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin", "Li",
         "He", "Gao", "Ma", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng"),
    ),
    "vi": (
        ("Anh", "Minh", "Linh", "Huong", "Tuan", "Thao", "Duc", "Lan", "Hung", "Mai", "Quang", "Trang",
         "Long", "Ngoc", "Nam", "Thu", "Hieu", "Hoa", "Khanh", "Vy", "Phuc", "Yen", "Bao", "Dung"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
         "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Tô", "Cao", "Quách", "Hà"),
    ),
    "in": (
        ("Priya", "Arjun", "Ananya", "Rahul", "Deepika", "Vikram", "Kavya", "Rohan", "Sneha", "Aditya",
         "Lakshmi", "Sanjay", "Aisha", "Karan", "Meera", "Nikhil", "Pooja", "Ravi", "Divya", "Amit", "Neha",
         "Suresh", "Anjali", "Varun"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Mehta", "Krishnan", "Banerjee", "Singh",
         "Rao", "Kulkarni", "Joshi", "Desai", "Menon", "Chopra", "Bhat", "Pillai", "Verma", "Agarwal",
         "Das", "Mishra", "Kapoor", "Ghosh"),
    ),
}

EMAIL_DOMAINS = (
    "example.com", "example.net", "example.org", "mail.example.com", "post.example.net", "inbox.example.org",
)
