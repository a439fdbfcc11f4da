"""Word tables for normalize.py: units, currencies, abbreviations, initialisms, months. Data only."""

from __future__ import annotations

DIGITS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
MONTHS = {name.lower(): name for name in MONTH_NAMES}
"""Lower-case month name or abbreviation -> full name (only capitalised forms are matched in text)."""
MONTHS.update({"jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June", "jul": "July",
               "aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November",
               "dec": "December"})
DECADES = {"00": "hundreds", "10": "tens", "20": "twenties", "30": "thirties", "40": "forties", "50": "fifties",
           "60": "sixties", "70": "seventies", "80": "eighties", "90": "nineties"}

MAGNITUDES = {"k": "thousand", "K": "thousand", "m": "million", "M": "million", "mn": "million", "bn": "billion",
              "b": "billion", "B": "billion", "tn": "trillion", "trn": "trillion", "thousand": "thousand",
              "million": "million", "billion": "billion", "trillion": "trillion"}

# symbol -> (major unit, minor unit)
CURRENCY_SYMBOLS = {"$": ("dollar", "cent"), "£": ("pound", "penny"), "€": ("euro", "cent"), "¥": ("yen", ""),
                    "₹": ("rupee", "paisa"), "₩": ("won", ""), "₽": ("rouble", "kopek"), "₺": ("lira", "")}
CURRENCY_CODES = {"USD": ("dollar", "cent"), "GBP": ("pound", "penny"), "EUR": ("euro", "cent"),
                  "JPY": ("yen", ""), "CHF": ("Swiss franc", "centime"), "AUD": ("Australian dollar", "cent"),
                  "CAD": ("Canadian dollar", "cent"), "INR": ("rupee", "paisa"), "CNY": ("yuan", ""),
                  "US$": ("dollar", "cent"), "A$": ("Australian dollar", "cent"), "C$": ("Canadian dollar", "cent"),
                  "HK$": ("Hong Kong dollar", "cent"), "NZ$": ("New Zealand dollar", "cent")}

# unit as written -> (singular, plural). Matched case-sensitively first, then lower-cased.
UNITS = {
    "km": ("kilometer", "kilometers"), "m": ("meter", "meters"), "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"), "nm": ("nanometer", "nanometers"), "mi": ("mile", "miles"),
    "ft": ("foot", "feet"), "yd": ("yard", "yards"),
    "kg": ("kilogram", "kilograms"), "g": ("gram", "grams"), "mg": ("milligram", "milligrams"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
    "l": ("liter", "liters"), "L": ("liter", "liters"), "ml": ("milliliter", "milliliters"),
    "mph": ("mile per hour", "miles per hour"), "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"), "m/s": ("meter per second", "meters per second"),
    "kW": ("kilowatt", "kilowatts"), "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"),
    "W": ("watt", "watts"), "kWh": ("kilowatt hour", "kilowatt hours"), "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"), "V": ("volt", "volts"), "mAh": ("milliamp hour", "milliamp hours"),
    "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"), "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "KB": ("kilobyte", "kilobytes"), "kB": ("kilobyte", "kilobytes"), "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"), "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "sq km": ("square kilometer", "square kilometers"), "km2": ("square kilometer", "square kilometers"),
    "km²": ("square kilometer", "square kilometers"), "m2": ("square meter", "square meters"),
    "m²": ("square meter", "square meters"), "sq ft": ("square foot", "square feet"), "ha": ("hectare", "hectares"),
    "acres": ("acre", "acres"),
    "ms": ("millisecond", "milliseconds"), "sec": ("second", "seconds"), "secs": ("second", "seconds"),
    "min": ("minute", "minutes"), "mins": ("minute", "minutes"), "hr": ("hour", "hours"), "hrs": ("hour", "hours"),
    "yr": ("year", "years"), "yrs": ("year", "years"),
    "cc": ("cubic centimeter", "cubic centimeters"), "bpm": ("beat per minute", "beats per minute"),
    "psi": ("pound per square inch", "pounds per square inch"), "kcal": ("kilocalorie", "kilocalories"),
    "cal": ("calorie", "calories"), "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "ppm": ("part per million", "parts per million"),
}

VULGAR_FRACTIONS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
                    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
                    "⅞": (7, 8)}

# Titles, only before a capitalised name.
TITLES = {"Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Prof": "Professor", "Gen": "General", "Lt": "Lieutenant",
          "Col": "Colonel", "Sgt": "Sergeant", "Capt": "Captain", "Cpl": "Corporal", "Maj": "Major",
          "Adm": "Admiral", "Gov": "Governor", "Sen": "Senator", "Rep": "Representative", "Rev": "Reverend",
          "Revd": "Reverend", "Fr": "Father", "Insp": "Inspector", "Supt": "Superintendent", "Det": "Detective",
          "Cllr": "Councillor", "Hon": "Honourable", "Pres": "President", "Mt": "Mount", "Ft": "Fort",
          "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Prof.": "Professor", "Gen.": "General",
          "Lt.": "Lieutenant", "Col.": "Colonel", "Sgt.": "Sergeant", "Capt.": "Captain", "Gov.": "Governor",
          "Sen.": "Senator", "Rep.": "Representative", "Rev.": "Reverend", "Mt.": "Mount", "Det.": "Detective"}

# Written exactly so, anywhere.
ABBREVIATIONS = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "etc": "et cetera", "vs.": "versus",
    "vs": "versus", "v.": "versus", "approx.": "approximately", "Jr.": "Junior", "Jr": "Junior", "Sr.": "Senior",
    "Ltd": "Limited", "Ltd.": "Limited", "Inc.": "Incorporated", "Inc": "Incorporated", "Corp.": "Corporation",
    "plc": "P L C", "Plc": "P L C", "Bros.": "Brothers", "a.m.": "A M", "p.m.": "P M", "U.S.": "U S",
    "U.K.": "U K", "U.N.": "U N", "E.U.": "E U", "Dept.": "Department", "Dept": "Department", "Ave.": "Avenue",
    "Rd.": "Road", "Blvd": "Boulevard", "Blvd.": "Boulevard", "Sq.": "Square", "est.": "established",
    "c.": "circa", "ca.": "circa", "fig.": "figure", "Fig.": "Figure", "vol.": "volume", "Vol.": "Volume",
    "p.": "page", "pp.": "pages", "ed.": "edition", "no.": "number", "tel.": "telephone", "Tel.": "Telephone",
    "aka": "also known as", "a.k.a.": "also known as", "w/": "with", "w/o": "without",
}

# All-capital words read as words, in the form the voice says best.
ACRONYMS_AS_WORDS = {
    "NATO": "Nato", "NASA": "Nasa", "UNESCO": "Unesco", "UNICEF": "Unicef", "COVID": "Covid", "OPEC": "Opec",
    "OFSTED": "Ofsted", "OFCOM": "Ofcom", "OFGEM": "Ofgem", "OFWAT": "Ofwat", "AIDS": "Aids", "ISIS": "Isis",
    "FIFA": "Fifa", "UEFA": "Uefa", "SARS": "Sars", "MERS": "Mers", "LASER": "laser", "RADAR": "radar",
    "SCUBA": "scuba", "NIMBY": "nimby", "ASEAN": "Asean", "INTERPOL": "Interpol", "EUROPOL": "Europol",
    "NAFTA": "Nafta", "CERN": "Cern", "DEFRA": "Defra", "ACAS": "Acas", "SAGE": "Sage", "GIF": "gif",
    "JPEG": "jay peg", "PIN": "pin", "ROM": "rom", "RAM": "ram", "LIDAR": "lidar", "SIM": "sim", "WIFI": "wifi",
    "UCAS": "Ucas", "NICE": "Nice", "IKEA": "Ikea", "NEET": "neet", "MOT": "M O T", "ASAP": "A S A P",
    "OK": "OK", "POW": "P O W", "TED": "Ted", "SWAT": "Swat", "FEMA": "Fema", "OSHA": "Osha",
    "COP": "Cop", "HAMAS": "Hamas", "MENA": "Mena", "NEOM": "Neom",
}

# Initialisms of four or more letters that contain a vowel (without a vowel, or shorter, any capitals are spelled).
LONG_INITIALISMS = {"OECD", "USSR", "NSPCC", "RSPCA", "NAACP", "UNHCR", "IPCC", "USAF", "ACLU", "AIPAC", "HSBC",
                    "EBRD", "IAEA", "UCLA", "NYPD", "LAPD", "CEOS", "IOUS", "PSNI", "DVLA", "DWP", "FCDO", "ECHR",
                    "OBE", "MBE", "CBE", "UKIP", "SNP", "DUP", "SDLP", "UEFA", "IMF", "WHO", "ICU", "NHS", "BBC",
                    "ABC", "CNN", "AFP", "EPA", "IRA", "IRS", "USDA", "HIV", "GCSE", "GCSES", "USB", "URL", "HTML",
                    "AI", "EU", "UN", "UK", "US", "USA"}

# All-capital words that are ordinary English words (headline shouting, emphasis): left as they are.
CAPITAL_WORDS = {"I", "A", "AN", "AS", "AT", "BE", "BY", "DO", "GO", "HE", "IF", "IN", "IS", "IT", "ME", "MY",
                 "NO", "OF", "ON", "OR", "SO", "TO", "UP", "WE", "AND", "ARE", "BUT", "FOR", "HIS", "HER", "NOT",
                 "THE", "YOU", "WAS", "ALL", "NEW", "NOW", "OUT", "OUR", "WHO", "HOW", "WHY", "BREAKING", "LIVE",
                 "WATCH", "NEWS", "UPDATE", "THIS", "THAT", "WITH", "FROM", "WILL", "HAVE", "BEEN", "WHAT", "WHEN",
                 "ONLY", "NEVER", "VERY", "MUST", "STOP", "HELP", "NOTE", "WARNING", "FREE"}

# Names that take regnal numbers: "Charles III" -> "Charles the third".
REGNAL_NAMES = {"Charles", "Henry", "Elizabeth", "George", "Edward", "William", "James", "Louis", "Richard", "John",
                "Paul", "John Paul", "Benedict", "Pius", "Leo", "Gregory", "Mary", "Catherine", "Peter",
                "Frederick", "Philip", "Ferdinand", "Alexander", "Nicholas", "Ramesses", "Ramses", "Napoleon",
                "Innocent", "Clement", "Urban", "Boniface", "Alfonso", "Juan Carlos", "Felipe", "Carl", "Gustav",
                "Harald", "Olav", "Haakon", "Christian", "Frederik", "Margrethe", "Willem", "Albert", "Leopold",
                "Baudouin", "Rainier", "Constantine", "Ivan", "Malcolm", "David", "Robert", "Stephen", "Matilda",
                "Anne", "Victoria", "Wilhelm", "Friedrich", "Otto", "Francis", "Rama", "Akihito", "Mohammed",
                "Abdullah", "Hussein", "Selim", "Suleiman", "Mehmed", "Murad", "Darius", "Xerxes", "Cyrus",
                "Antiochus", "Ptolemy", "Cleopatra", "Amenhotep", "Thutmose", "Tutankhamun", "Sancho", "Harold",
                "Canute", "Cnut", "Ethelred", "Edmund", "Edgar", "Hugh", "Martin", "Sixtus", "Julius", "Adrian"}

SPOKEN_DOMAIN_WORDS = {"com", "org", "net", "gov", "edu", "info", "news", "mail", "gmail", "yahoo", "hotmail",
                       "outlook", "google", "facebook", "twitter", "youtube", "amazon", "apple", "microsoft",
                       "github", "example", "wikipedia", "blog", "shop", "home", "login", "about", "contact",
                       "search", "index", "help", "support", "info", "sport", "weather", "world", "business"}
ELECTRONIC_SYMBOLS = {".": "dot", "/": "slash", ":": "colon", "@": "at", "_": "underscore", "-": "dash",
                      "~": "tilde", "?": "question mark", "=": "equals", "&": "and", "#": "hash", "+": "plus",
                      "%": "percent"}

SYMBOLS = {"&": "and", "+": "plus", "=": "equals", "×": "times", "÷": "divided by", "±": "plus or minus",
           "≈": "approximately", "~": "about", "→": "to", "@": "at", "§": "section", "°": "degrees",
           "‰": "per mille", "√": "square root of", "∞": "infinity", "≥": "at least", "≤": "at most",
           ">": "more than", "<": "less than"}
