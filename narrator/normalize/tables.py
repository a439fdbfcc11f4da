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
                  "US$": ("U S dollar", "cent"), "A$": ("Australian dollar", "cent"), "C$": ("Canadian dollar", "cent"),
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
ELECTRONIC_SYMBOLS = {".": "dot", "/": "slash", "\\": "backslash", ":": "colon", "@": "at", "_": "underscore", "-": "dash",
                      "~": "tilde", "?": "question mark", "=": "equals", "&": "and", "#": "hash", "+": "plus",
                      "%": "percent"}

SYMBOLS = {"&": "and", "+": "plus", "=": "equals", "×": "times", "÷": "divided by", "±": "plus or minus",
           "≈": "approximately", "~": "about", "→": "to", "@": "at", "§": "section", "°": "degrees",
           "‰": "per mille", "√": "square root of", "∞": "infinity", "≥": "at least", "≤": "at most",
           ">": "more than", "<": "less than"}

# --- tables for the classify-then-verbalize normalizer ------------------------------------------------------

TIME_ZONES = {"GMT", "BST", "UTC", "EST", "EDT", "PST", "PDT", "CST", "CDT", "MST", "MDT", "CET", "CEST", "EET",
              "EEST", "IST", "JST", "AEST", "AEDT", "HKT", "SGT", "WAT", "EAT", "ET", "PT", "CT", "MT"}

EMERGENCY_NUMBERS = {"911", "999", "112", "101", "111", "000", "988", "311", "211", "411", "116", "119", "110"}
"""Short numbers read digit by digit after a calling word ('call 999'); 911 is digits anywhere."""
NOT_ROMAN = {"Malcolm X", "Generation X", "Gen X", "Planet X", "Project X", "Brand X", "Mr X", "Ms X", "Mrs X",
             "Person X", "Patient X", "Witness X", "Subject X", "Country X", "Company X", "Factor X", "Model X",
             "Space X", "Formula I", "Pope I", "King I", "Queen I", "Windows XP", "Windows X"}
"""Names whose capital letters are not a roman numeral."""
CALLING_WORDS = {"call", "calls", "called", "calling", "dial", "dialled", "dialed", "dialling", "dialing", "ring",
                 "rang", "phone", "phoned", "text", "texted", "contact", "contacted", "on", "via", "line", "hotline",
                 "number", "helpline", "the"}

PER_UNITS = {"yr": "a year", "year": "a year", "y": "a year", "pa": "a year", "annum": "a year", "mo": "a month",
             "mth": "a month", "month": "a month", "wk": "a week", "week": "a week", "w": "a week", "d": "a day",
             "day": "a day", "night": "a night", "hr": "an hour", "h": "an hour", "hour": "an hour", "min": "a minute",
             "minute": "a minute", "sec": "a second", "s": "a second", "person": "per person", "head": "per head",
             "pp": "per person", "share": "a share", "unit": "per unit", "barrel": "a barrel", "bbl": "a barrel",
             "tonne": "a tonne", "t": "a tonne", "ton": "a ton", "litre": "a liter", "liter": "a liter", "l": "a liter",
             "gallon": "a gallon", "gal": "a gallon", "pint": "a pint", "mile": "a mile", "item": "per item",
             "seat": "per seat", "ticket": "a ticket", "sqft": "per square foot", "sq ft": "per square foot",
             "sq m": "per square meter", "sqm": "per square meter", "m2": "per square meter", "m²": "per square meter",
             "acre": "an acre", "ha": "a hectare"}
"""What follows '/' after an amount ('$120/mo'); units of the UNITS table are said 'per <unit>'."""

# More units (name as written -> singular, plural). Checked with UNITS.
MORE_UNITS = {
    "in": ("inch", "inches"), "yds": ("yard", "yards"), "yard": ("yard", "yards"), "ins": ("inch", "inches"), "inch": ("inch", "inches"), "miles": ("mile", "miles"),
    "mile": ("mile", "miles"), "TWh": ("terawatt hour", "terawatt hours"), "Wh": ("watt hour", "watt hours"),
    "kV": ("kilovolt", "kilovolts"), "mA": ("milliamp", "milliamps"), "dB": ("decibel", "decibels"),
    "sq mi": ("square mile", "square miles"), "sq m": ("square meter", "square meters"),
    "sqm": ("square meter", "square meters"), "sq in": ("square inch", "square inches"),
    "sq yd": ("square yard", "square yards"), "ft2": ("square foot", "square feet"), "ft²": ("square foot", "square feet"),
    "cu m": ("cubic meter", "cubic meters"), "m3": ("cubic meter", "cubic meters"), "m³": ("cubic meter", "cubic meters"),
    "cm3": ("cubic centimeter", "cubic centimeters"), "cm³": ("cubic centimeter", "cubic centimeters"),
    "cm2": ("square centimeter", "square centimeters"), "cm²": ("square centimeter", "square centimeters"),
    "mm2": ("square millimeter", "square millimeters"), "cl": ("centiliter", "centiliters"),
    "gal": ("gallon", "gallons"), "pt": ("pint", "pints"), "t": ("tonne", "tonnes"), "kt": ("knot", "knots"),
    "knots": ("knot", "knots"), "nmi": ("nautical mile", "nautical miles"), "µm": ("micrometer", "micrometers"),
    "μm": ("micrometer", "micrometers"), "µg": ("microgram", "micrograms"), "mcg": ("microgram", "micrograms"),
    "h": ("hour", "hours"), "hrs.": ("hour", "hours"), "mpg": ("mile per gallon", "miles per gallon"),
    "rpm": ("revolution per minute", "revolutions per minute"), "ppb": ("part per billion", "parts per billion"),
    "bhp": ("brake horsepower", "brake horsepower"), "hp": ("horsepower", "horsepower"),
    "mb": ("millibar", "millibars"), "hPa": ("hectopascal", "hectopascals"), "kPa": ("kilopascal", "kilopascals"),
    "Mt": ("megatonne", "megatonnes"), "Gt": ("gigatonne", "gigatonnes"), "Mbit/s": ("megabit per second", "megabits per second"),
    "mi/h": ("mile per hour", "miles per hour"), "ft/s": ("foot per second", "feet per second"),
    "km/s": ("kilometer per second", "kilometers per second"), "L/100km": ("liter per hundred kilometers", "liters per hundred kilometers"),
    "mg/l": ("milligram per liter", "milligrams per liter"), "g/km": ("gram per kilometer", "grams per kilometer"),
    "PB": ("petabyte", "petabytes"), "Kbps": ("kilobit per second", "kilobits per second"), "MP": ("megapixel", "megapixels"),
    "mL": ("milliliter", "milliliters"), "kgs": ("kilogram", "kilograms"), "kms": ("kilometer", "kilometers"),
    "lb.": ("pound", "pounds"), "oz.": ("ounce", "ounces"), "ft.": ("foot", "feet"), "in.": ("inch", "inches"),
    "gsm": ("gram per square meter", "grams per square meter"), "cwt": ("hundredweight", "hundredweight"),
    "tsp": ("teaspoon", "teaspoons"), "tsp.": ("teaspoon", "teaspoons"), "tsps": ("teaspoon", "teaspoons"),
    "tbsp": ("tablespoon", "tablespoons"), "tbsp.": ("tablespoon", "tablespoons"), "Tbsp": ("tablespoon", "tablespoons"),
    "Tbsp.": ("tablespoon", "tablespoons"), "tbs": ("tablespoon", "tablespoons"), "tbsps": ("tablespoon", "tablespoons"),
    "fl oz": ("fluid ounce", "fluid ounces"), "fl. oz.": ("fluid ounce", "fluid ounces"), "fl. oz": ("fluid ounce", "fluid ounces"),
    "fl oz.": ("fluid ounce", "fluid ounces"), "qt": ("quart", "quarts"), "lb-ft": ("pound-foot", "pound-feet"),
    "lb ft": ("pound-foot", "pound-feet"), "ft-lb": ("foot-pound", "foot-pounds"), "Nm": ("newton meter", "newton meters"),
    "mbps": ("megabit per second", "megabits per second"), "kbps": ("kilobit per second", "kilobits per second"),
    "gbps": ("gigabit per second", "gigabits per second"), "MBps": ("megabyte per second", "megabytes per second"),
    "fps": ("frame per second", "frames per second"), "lbs.": ("pound", "pounds"), "pts": ("point", "points"),
    "c.": ("cup", "cups"),
}

KITCHEN_WORDS = {"add", "stir", "whisk", "mix", "bake", "season", "pour", "beat", "fold", "sprinkle", "recipe",
                 "cup", "cups", "flour", "sugar", "salt", "butter", "oil", "milk", "cream", "oven", "serve", "chop"}
"""Words that make a short amount a kitchen measure."""

STREET_TYPES = {"St", "St.", "Street", "Ave", "Ave.", "Avenue", "Rd", "Rd.", "Road", "Blvd", "Blvd.", "Boulevard",
                "Dr", "Dr.", "Drive", "Ln", "Ln.", "Lane", "Way", "Pl", "Pl.", "Place", "Ct", "Ct.", "Court", "Pkwy",
                "Parkway", "Hwy", "Hwy.", "Highway", "Ter", "Terrace", "Cir", "Circle", "Sq", "Sq.", "Square", "Row",
                "Plaza", "Trail", "Pike", "Broadway"}
"""Street-name endings after which a preceding N., S., E., W. is a compass direction."""
STREETS_ALONE = {"Broadway"}
"""Street types that are a whole street's name ('700 S. Broadway')."""
DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West", "NE": "Northeast", "NW": "Northwest",
              "SE": "Southeast", "SW": "Southwest"}

PARTIES = {"D": "Democrat", "R": "Republican", "I": "independent", "Ind": "independent", "Ind.": "independent"}
US_STATES = {
    "Alabama": ("Ala.", "AL"), "Alaska": ("Alaska", "AK"), "Arizona": ("Ariz.", "AZ"), "Arkansas": ("Ark.", "AR"),
    "California": ("Calif.", "CA"), "Colorado": ("Colo.", "CO"), "Connecticut": ("Conn.", "CT"),
    "Delaware": ("Del.", "DE"), "Florida": ("Fla.", "FL"), "Georgia": ("Ga.", "GA"), "Hawaii": ("Hawaii", "HI"),
    "Idaho": ("Idaho", "ID"), "Illinois": ("Ill.", "IL"), "Indiana": ("Ind.", "IN"), "Iowa": ("Iowa", "IA"),
    "Kansas": ("Kan.", "KS"), "Kentucky": ("Ky.", "KY"), "Louisiana": ("La.", "LA"), "Maine": ("Maine", "ME"),
    "Maryland": ("Md.", "MD"), "Massachusetts": ("Mass.", "MA"), "Michigan": ("Mich.", "MI"),
    "Minnesota": ("Minn.", "MN"), "Mississippi": ("Miss.", "MS"), "Missouri": ("Mo.", "MO"),
    "Montana": ("Mont.", "MT"), "Nebraska": ("Neb.", "NE"), "Nevada": ("Nev.", "NV"),
    "New Hampshire": ("N.H.", "NH"), "New Jersey": ("N.J.", "NJ"), "New Mexico": ("N.M.", "NM"),
    "New York": ("N.Y.", "NY"), "North Carolina": ("N.C.", "NC"), "North Dakota": ("N.D.", "ND"),
    "Ohio": ("Ohio", "OH"), "Oklahoma": ("Okla.", "OK"), "Oregon": ("Ore.", "OR"), "Pennsylvania": ("Pa.", "PA"),
    "Rhode Island": ("R.I.", "RI"), "South Carolina": ("S.C.", "SC"), "South Dakota": ("S.D.", "SD"),
    "Tennessee": ("Tenn.", "TN"), "Texas": ("Texas", "TX"), "Utah": ("Utah", "UT"), "Vermont": ("Vt.", "VT"),
    "Virginia": ("Va.", "VA"), "Washington": ("Wash.", "WA"), "West Virginia": ("W.Va.", "WV"),
    "Wisconsin": ("Wis.", "WI"), "Wyoming": ("Wyo.", "WY"), "Puerto Rico": ("P.R.", "PR"),
}
"""US state -> (AP abbreviation, postal code), for party-state tags: '(D-Calif.)' -> 'Democrat of California'."""
STATE_NAMES = {written: name for name, forms in US_STATES.items() for written in (name, *forms)}
STATE_NAMES.update({"Penn.": "Pennsylvania", "Tex.": "Texas", "Cal.": "California", "Mich": "Michigan",
                    "Calif": "California", "Fla": "Florida", "Mass": "Massachusetts", "Wis": "Wisconsin",
                    "Minn": "Minnesota", "Ariz": "Arizona", "Colo": "Colorado", "Conn": "Connecticut", "Tenn": "Tennessee",
                    "Okla": "Oklahoma", "Ore": "Oregon", "Ga": "Georgia", "Pa": "Pennsylvania", "Va": "Virginia",
                    "Ill": "Illinois", "Ky": "Kentucky", "Md": "Maryland", "Nev": "Nevada", "Vt": "Vermont",
                    "D.C.": "the District of Columbia", "DC": "the District of Columbia", "N.Y": "New York"})

VIDEO_LINES = {"240", "360", "480", "540", "576", "720", "1080", "1440", "2160", "4320"}
"""Video resolutions written with p or i ('1080p'): said as a name, 'ten eighty p'."""

MUSIC_WORDS = {"song", "songs", "music", "time", "signature", "waltz", "rhythm", "bar", "bars", "beat", "beats",
               "metre", "meter", "groove", "chorus", "bridge", "verse", "movement", "piece", "tempo", "drummer",
               "band", "riff", "melody", "tune", "symphony", "sonata", "jig", "march", "composer", "track", "album",
               "intro", "outro", "swing", "shuffle", "feel", "pulse", "guitar", "piano", "drums", "played", "plays"}
"""Words that make 6/8 a time signature ('six eight')."""

AVIATION_WORDS = {"jet", "jets", "aircraft", "plane", "planes", "airliner", "airliners", "airline", "airlines",
                  "carrier", "carriers", "fleet", "flight", "flights", "boeing", "airbus", "passengers", "pilot",
                  "pilots", "landed", "diverted", "freighter", "freighters", "cockpit", "runway", "airport", "dreamliner",
                  "dreamliners", "jumbo", "widebody", "narrowbody", "aviation", "airframe", "airframes"}
"""Words that make a 7x7 number Boeing's ('seven eight seven')."""

LENGTH_CONTEXT = {"tall", "high", "long", "wide", "deep", "away", "apart", "above", "below", "under", "across",
                  "thick", "in", "of", "from", "down", "up", "high,", "sprint", "race", "hurdles", "freestyle",
                  "backstroke", "breaststroke", "butterfly", "medley", "relay", "final", "finals", "pool", "wall",
                  "fence", "drop", "fall", "waves", "wave", "swell", "length", "lengths", "tower", "yacht", "boat",
                  "ship", "deep,", "diameter", "radius", "wingspan", "span", "altitude", "elevation", "depth",
                  "runway", "crater", "statue", "cliff", "mast", "bridge", "screen", "dash", "title", "record",
                  "world", "olympic", "champion", "gold", "silver", "bronze", "metre", "metres", "meter", "meters",
                  "radius,", "event", "heat", "heats", "semi-final", "semi-finals", "semifinal", "long,", "tall,",
                  "ahead", "behind", "short", "higher", "taller", "longer", "deeper", "wider", "squared"}
"""Words after '1.8m' that make it metres, not millions."""

SCORE_WORDS = {"won", "win", "wins", "winning", "beat", "beats", "beaten", "beating", "lost", "lose", "loses",
               "losing", "loss", "defeat", "defeated", "defeats", "victory", "victories", "drew", "draw", "draws",
               "drawn", "trail", "trailed", "trailing", "lead", "leading", "led", "score", "scored", "scores",
               "scoreline", "thrashing", "thrashed", "hammered", "hammering", "routed", "rout", "edged", "edge",
               "triumph", "triumphed", "humbled", "crushed", "crushing", "stunned", "shock", "upset", "comeback",
               "half-time", "halftime", "full-time", "fulltime", "aggregate", "penalties", "final", "finished",
               "ended", "ending", "tie", "tied", "series", "set", "sets", "game", "match", "goal", "goals", "nil",
               "home", "away", "result", "results", "level", "levelled", "leveled", "clean", "sheet", "shootout",
               "extra", "innings", "runs", "points", "fixture", "derby", "rivals", "defeating", "beating", "beat,",
               "winners", "winner", "losers", "victors", "wins", "defeats", "draws", "thrillers", "thriller"}
VOTE_WORDS = {"vote", "votes", "voted", "voting", "majority", "margin", "ballot", "ballots", "passed", "approved",
              "rejected", "backed", "jury", "split", "ruling", "decision", "senate", "senators", "house", "judges",
              "justices", "mps", "lawmakers", "councillors", "members", "delegates", "count", "tally"}

ROMAN_TITLE_WORDS = {"Section", "Sections", "Act", "Acts", "Part", "Parts", "Chapter", "Chapters", "Volume", "Vol",
                     "Book", "Article", "Title", "Phase", "Stage", "Grade", "Class", "Schedule", "Annex", "Appendix",
                     "Round", "Level", "Mark", "Mk", "Series", "Season", "Episode", "Bowl", "War", "Council",
                     "Vatican", "Apollo", "Rocky", "Rambo", "Psalm", "Canto", "Scene", "Item", "Clause", "Division",
                     "Tier", "Category", "Type", "Pillar", "Amendment", "Gemini", "Voyager", "Challenge", "Olympiad",
                     "Games", "Symphony", "Op", "No", "Star", "Fantasy", "Final", "Street", "Fighter", "Trek",
                     "Legion", "Army", "Corps", "Republic", "Dynasty", "Year", "Form", "Prop", "Proposition",
                     "Regulation", "Protocol", "Directive", "Lot", "Super", "Grand", "Rule", "Page", "Figure", "Table",
                     "Annexe", "Tome", "Unit", "Module", "Term", "Mission", "Operation", "Wave", "Auto", "Warfare", "Craft", "Souls", "Kombat", "Effect",
                     "Fast", "Furious", "Toy", "Story", "Shrek", "Jaws", "Alien", "Saw", "Scream", "Halloween",
                     "Godfather", "Frozen", "Cars", "Avatar", "Creed", "Gladiator", "Top", "Gun", "Rebellion"}
"""Words after which a roman numeral is a plain number (Act III, World War II, Super Bowl LIX)."""

TITLES.update({"Dr": "Doctor", "Dr.": "Doctor", "Brig": "Brigadier", "Cmdr": "Commander", "Cdr": "Commander",
               "Lt Gen": "Lieutenant General", "Maj Gen": "Major General", "Gen.": "General", "Sgt.": "Sergeant",
               "Cpl.": "Corporal", "Pte": "Private", "Pvt": "Private", "Pvt.": "Private", "Insp.": "Inspector",
               "Supt.": "Superintendent", "Cllr.": "Councillor", "Hon.": "Honourable", "Fr.": "Father",
               "Msgr": "Monsignor", "Atty": "Attorney", "Cmdr.": "Commander", "Adm.": "Admiral", "Maj.": "Major",
               "Brig.": "Brigadier", "Lt": "Lieutenant", "Revd.": "Reverend", "Pres.": "President", "Ft.": "Fort",
               "Mx": "Mix", "Ch": "Chief", "Co": "County", "Rt Hon": "Right Honourable", "Rt Rev": "Right Reverend",
               "Rt Revd": "Right Reverend", "Rt": "Right", "Capt.": "Captain", "Rep.": "Representative", "Sen.": "Senator", "Det.": "Detective",
               "Supt": "Superintendent"})

SENTENCE_START_WORDS = {"The", "A", "An", "In", "At", "On", "To", "From", "Near", "By", "Visit", "Outside", "Inside",
                        "And", "But", "Of", "For", "With", "As", "Behind", "Opposite", "Past", "Beyond", "Along",
                        "Off", "Via", "Like", "Then", "So", "Or", "Yes", "No", "Both", "Now", "Today", "Later",
                        "Above", "Below", "Under", "Over", "Beside", "Before", "After", "Around", "Through",
                        "Across", "Into", "Onto", "Upon", "This", "That", "Only", "Even", "Also", "Saint"}
"""Capitalised words that are not names (sentence openers); 'St' after them is Saint, not Street."""

ABBREVIATIONS.update({"Co.": "Company", "Corp": "Corporation", "Corp.": "Corporation", "Bros": "Brothers",
                      "approx": "approximately", "Jan.": "January", "incl.": "including", "incl": "including",
                      "excl.": "excluding", "govt": "government", "Govt": "Government", "dept.": "department",
                      "yrs": "years", "Assn": "Association", "Assoc.": "Association", "Univ.": "University",
                      "Intl": "International", "Int'l": "International", "Natl": "National", "e.g": "for example",
                      "i.e": "that is", "eg.": "for example", "ie.": "that is", "cf.": "compare", "viz.": "namely",
                      "Rt Hon": "Right Honourable", "Rt Rev": "Right Reverend", "ibid.": "ibidem", "P.S.": "P S",
                      "Ph.D.": "P h D", "Ph.D": "P h D", "PhD": "P h D", "PhDs": "P h Ds", "Esq.": "Esquire",
                      "Esq": "Esquire", "Mon.": "Monday", "Tue.": "Tuesday", "Tues.": "Tuesday", "Wed.": "Wednesday",
                      "Thu.": "Thursday", "Thurs.": "Thursday", "Fri.": "Friday", "Sat.": "Saturday",
                      "Sun.": "Sunday", "Hwy": "Highway", "Hwy.": "Highway", "Pl.": "Place", "Ln": "Lane",
                      "Ln.": "Lane", "Cres": "Crescent", "Ct.": "Court", "Pkwy": "Parkway", "Rte": "Route",
                      "Mtn": "Mountain", "Is.": "Island", "vs": "versus", "v": "versus", "pct": "percent",
                      "LLC": "L L C", "LLP": "L L P", "mins": "minutes", "hrs": "hours", "sq": "square",
                      "cu": "cubic", "No.": "number", "Nos.": "numbers", "Nos": "numbers", "Sq": "Square",
                      "Rd": "Road", "Ave": "Avenue", "Av.": "Avenue", "Cttee": "Committee", "Mgr": "Manager",
                      "Mngr": "Manager", "Dir": "Director", "Dir.": "Director", "Gov't": "Government"})
ABBREVIATION_KEEPS_STOP = {"etc.", "Inc.", "Ltd.", "Co.", "Corp.", "Jr.", "Sr.", "Bros.", "Ave.", "Rd.", "Blvd.",
                           "Sq.", "Esq.", "Hwy.", "Pl.", "Ln.", "Ct.", "Av.", "et al.", "Dept.", "No.", "p.m.",
                           "a.m.", "U.S.", "U.K.", "Ph.D.", "P.S.", "U.N.", "E.U.", "Assoc.", "Univ.", "ibid.",
                           "St.", "Dr.", "Mt.", "Ft."}
"""Abbreviations whose full stop also ends the sentence when it is the last word of one."""
ABBREVIATIONS_BEFORE_NUMBERS = {"p.": "page", "pp.": "pages", "fig.": "figure", "Fig.": "Figure", "vol.": "volume",
                                "Vol.": "Volume", "ed.": "edition", "no.": "number", "ch.": "chapter",
                                "Ch.": "Chapter", "c.": "circa", "ca.": "circa", "est.": "established",
                                "Est.": "Established", "art.": "article", "Art.": "Article", "sec.": "section",
                                "Sec.": "Section", "para.": "paragraph", "tel.": "telephone", "Tel.": "Telephone",
                                "Tel": "Telephone", "ext.": "extension", "Ext.": "Extension", "rev.": "revision",
                                "Pt": "Part", "pt.": "part", "Pt.": "Part", "op.": "opus", "Op.": "Opus",
                                "No": "number", "Nos": "numbers", "№": "number", "Nº": "number", "Rs": "rupees",
                                "Rs.": "rupees"}
"""Abbreviations read so only before a number ('p. 12', 'No 9', 'c. 1850')."""
for _word in ("p.", "pp.", "fig.", "Fig.", "vol.", "Vol.", "ed.", "no.", "c.", "ca.", "est.", "tel.", "Tel."):
    ABBREVIATIONS.pop(_word, None)

AMBIGUOUS_INITIALISMS = {"IT", "US", "WHO", "AM", "PM", "OR", "ON", "IN", "ME", "AT", "IS", "AS", "SO", "NO", "HE",
                         "ID", "OK", "TV", "PR", "PA", "HR", "AD", "BC", "UK", "EU", "UN", "GO", "DO", "BE", "MY",
                         "WE", "AN", "IF", "OF", "TO", "UP", "BY", "OH"}
"""Capitals that are also ordinary words: an initialism unless the sentence is in capitals."""
SPOKEN_INITIALISMS = {"OK": "OK", "ID": "I D", "TV": "T V", "AD": "A D", "BC": "B C", "AM": "A M", "PM": "P M"}

ACRONYMS_AS_WORDS.update({"COVID": "Covid", "UNAIDS": "Unaids", "OFQUAL": "Ofqual", "UNISON": "Unison",
                          "MIT": "M I T", "SEAL": "seal", "SEALS": "seals", "QANGO": "quango", "TESCO": "Tesco",
                          "FTSE": "Footsie", "NASDAQ": "Nasdaq", "ISA": "Isa", "ISAS": "Isas", "OFSTED": "Ofsted",
                          "AWOL": "awol", "LIV": "Liv", "DIV": "div", "MIX": "mix", "CIVIL": "civil", "YOLO": "yolo", "ANZAC": "Anzac", "MERCOSUR": "Mercosur",
                          "BAFTA": "Bafta", "BAFTAS": "Baftas", "NEET": "neet", "GUI": "gooey", "FAQ": "F A Q",
                          "CAPTCHA": "captcha", "ZIP": "zip", "PAC": "pack", "SPAC": "spack", "TERF": "terf",
                          "WASP": "wasp", "LEGO": "Lego", "SARS": "Sars", "DARPA": "Darpa", "FRONTEX": "Frontex",
                          "OPEC+": "Opec plus", "MAX": "Max", "ICE": "ice", "SNAP": "snap", "WIC": "wick", "HUD": "hud",
                          "SALT": "salt", "START": "start", "CARE": "care", "HALO": "halo", "TIFF": "tiff"})
LONG_INITIALISMS.update({"CCTV", "NHTSA", "NTSB", "USAID", "UNHRC", "OSCE", "EFTA", "IOC", "IPO", "ESG", "HGV", "LGBT",
                         "LGBTQ", "CBRN", "DNA", "RNA", "NCAA", "NFL", "NBA", "MLB", "NHL", "MLS", "WNBA", "PGA",
                         "LPGA", "UEFA", "IAAF", "USMNT", "USWNT", "MOBO", "ACAS", "PSBR", "GDPR", "HMRC", "DVLA",
                         "MSNBC", "NPR", "PBS", "CBS", "NBC", "HBO", "BBC", "ITV", "RTE", "ABC", "AP", "UPI", "EPA",
                         "FDA", "CDC", "NIH", "FBI", "CIA", "NSA", "DHS", "DOJ", "DOD", "DOE", "SEC", "FTC", "FCC",
                         "FAA", "TSA", "ATF", "DEA", "IRS", "GOP", "DNC", "RNC", "NAACP", "ACLU", "AARP", "YMCA",
                         "YWCA", "UAE", "DRC", "PRC", "ROK", "DPRK", "USSR", "GDR", "FRG", "EEA", "ECB", "BOE", "IFS",
                         "OBR", "ONS", "CPI", "RPI", "GDP", "GNP", "VAT", "NI", "PMQS", "QC", "KC", "MP", "MEP", "MSP",
                         "MLA", "AM", "PM", "CEO", "CFO", "COO", "CTO", "HR", "PR", "IT", "AI", "VR", "AR", "EV",
                         "EVS", "SUV", "SUVS", "ATM", "PIN", "SMS", "MMS", "PDF", "URL", "USB", "HDMI", "LED", "LCD",
                         "UFO", "UFOS", "RAF", "RN", "SAS", "SBS", "MOD", "NATO", "IDF", "PLO", "ANC", "FARC", "ETA",
                         "IRA", "UVF", "PSNI", "RUC", "GAA", "RFU", "ECB", "WRU", "SRU", "FAI", "FA", "EFL", "NFL",
                         "ESPN", "MTV", "VIP", "VIPS", "DIY", "GP", "GPS", "A&E", "ICU", "NHS", "ENT", "MRI", "CT",
                         "ECG", "IVF", "HPV", "HIV", "STI", "ADHD", "OCD", "PTSD", "MS", "ME", "ALS", "MND", "COPD",
                         "TB", "BMI", "BMJ", "WHO", "UNDP", "UNEP", "WFP", "ILO", "WTO", "IMF", "OAS", "AU", "SADC",
                         "ECOWAS", "ASEAN", "APEC", "BRICS", "G7", "G20", "LNG", "CO2", "HFC", "PPE", "PCR", "RSV",
                         "MMR", "NICE", "SNP", "DUP", "UUP", "SDLP", "TUV", "SF", "CDU", "CSU", "SPD", "FDP", "AFD",
                         "PSOE", "PP", "LDP", "BJP", "PTI", "PML", "ANC", "EFF", "MDC", "ZANU", "KMT", "DPP", "CCP",
                         "PLA", "KGB", "FSB", "GRU", "SVR", "MI5", "MI6", "GCHQ", "JFK", "LBJ", "FDR", "RFK", "MLK",
                         "NYC", "LA", "DC", "SF", "UCL", "LSE", "KCL", "UCLA", "USC", "NYU", "CUNY", "SUNY", "LSU",
                         "TCU", "BYU", "SMU", "UNC", "PSG", "AC", "FC", "CF", "RB", "SC", "AFC", "CFC", "QPR", "WBA",
                         "PSV", "AZ", "BVB", "RBS", "HSBC", "BP", "BT", "EE", "BHP", "AMD", "IBM", "HP", "GE", "GM",
                         "KPMG", "PWC", "EY", "BAE", "JCB", "WPP", "ITN", "ABC", "AOL", "ESA", "JAXA", "ISRO", "ISS",
                         "JWST", "CERN", "UN", "EU", "UK", "US", "USA", "UAE"})
LONG_INITIALISMS.discard("NATO")
LONG_INITIALISMS.discard("NICE")
LONG_INITIALISMS.discard("CERN")
LONG_INITIALISMS.discard("ECOWAS")
LONG_INITIALISMS.discard("ASEAN")
LONG_INITIALISMS.discard("BRICS")
LONG_INITIALISMS.discard("ZANU")
LONG_INITIALISMS.discard("JAXA")
LONG_INITIALISMS.discard("ISRO")
LONG_INITIALISMS.discard("ESPN")

MIXED_CASE_INITIALISMS = {"MPs": "M Ps", "MEPs": "M E Ps", "MSPs": "M S Ps", "PhD": "P h D", "PhDs": "P h Ds",
                          "DfE": "D f E", "MoD": "M o D", "DoJ": "D o J", "DoD": "D o D", "GPs": "G Ps",
                          "CEOs": "C E Os", "IPOs": "I P Os", "ATMs": "A T Ms", "EVs": "E Vs", "SUVs": "S U Vs",
                          "UFOs": "U F Os", "NGOs": "N G Os", "QCs": "Q Cs", "KCs": "K Cs", "DJs": "D Js",
                          "TVs": "T Vs", "PCs": "P Cs", "CDs": "C Ds", "DVDs": "D V Ds", "VIPs": "V I Ps",
                          "iOS": "i O S", "TfL": "T f L", "TfW": "T f W", "DfT": "D f T", "HoC": "H o C", "XP": "X P", "BSc": "B S c", "MSc": "M S c", "MBA": "M B A", "LLB": "L L B",
                          "PMQs": "P M Qs", "FAQs": "F A Qs", "PDFs": "P D Fs", "URLs": "U R Ls"}

# --- blind batch 2 (norm2): words newsrooms shorten -----------------------------------------------------------
ABBREVIATIONS.update({"WWII": "World War Two", "WW2": "World War Two", "WWI": "World War One",
                      "WW1": "World War One", "y/y": "year on year", "Y/Y": "year on year", "yoy": "year on year",
                      "YoY": "year on year", "m/m": "month on month", "M/M": "month on month",
                      "q/q": "quarter on quarter", "Q/Q": "quarter on quarter", "Utd": "United", "Utd.": "United",
                      "Approx.": "Approximately", "Approx": "Approximately", "est.": "estimated",
                      "Est.": "Estimated", "Incl.": "Including", "GbE": "gigabit Ethernet", "I/O": "I O",
                      "A/V": "A V", "A/C": "A C"})
MIXED_CASE_INITIALISMS.update({"pH": "p H", "microSD": "micro S D", "miniSD": "mini S D", "mRNA": "m R N A",
                               "eSIM": "e SIM"})
MORE_UNITS.update({"mmol": ("millimole", "millimoles"), "mmol/L": ("millimole per liter", "millimoles per liter"),
                   "mmol/l": ("millimole per liter", "millimoles per liter"), "mol": ("mole", "moles"),
                   "mg/dL": ("milligram per deciliter", "milligrams per deciliter"),
                   "mg/kg": ("milligram per kilogram", "milligrams per kilogram"),
                   "µmol": ("micromole", "micromoles"),
                   "GbE": ("gigabit Ethernet", "gigabit Ethernet"), "cup": ("cup", "cups"), "cups": ("cup", "cups")})
VOTE_WORDS.update({"ruled", "rules", "voted", "court", "panel"})
PER_UNITS.update({"lb": "a pound", "lbs": "a pound", "oz": "an ounce", "kg": "a kilogram", "kilo": "a kilo",
                  "g": "a gram", "gram": "a gram", "pound": "a pound", "ounce": "an ounce"})
ABBREVIATIONS_BEFORE_NUMBERS.update({"Rd": "round", "Rd.": "round", "ss.": "sections", "s.": "section"})
DAY_ABBREVIATIONS = {"Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thurs.", "Fri.", "Sat.", "Sun."}
"""Day names with a stop, which after 'the' are words ('the Sun.')."""
MODEL_NOUNS = {"engine", "engines", "jet", "jets", "aircraft", "airliner", "airliners", "locomotive", "locomotives",
               "tank", "tanks", "rifle", "rifles", "chip", "chips", "processor", "processors", "turbine", "turbines",
               "car", "cars", "truck", "trucks", "tractor", "tractors", "motorbike", "motorbikes", "helicopter",
               "helicopters", "fighter", "fighters", "bomber", "bombers", "missile", "missiles", "rocket", "rockets",
               "series", "model", "models", "engine.", "camera", "cameras", "lens", "lenses", "phone", "phones",
               "console", "consoles", "satellite", "satellites", "drone", "drones", "class", "variant", "variants"}
"""Nouns after 'Name 593' that make the number part of a model's name ('Olympus 593 engines')."""
NUMBERED_PLACES = {"Room", "Flat", "Apartment", "Apt", "Suite", "Unit", "Gate", "Seat", "Platform", "Bay", "Stand",
                   "Block", "Building", "Studio", "Office", "Cell", "Ward", "Bed", "Box", "Pier", "Berth", "Dock",
                   "Terminal", "Hall", "Lab", "Locker", "Row", "Level", "Floor", "Door", "Stall", "Pitch", "Court"}
"""Words before '314B' that make it a place's name, not 314 billion."""
LONG_INITIALISMS.update({"OLED", "QLED", "HDR", "SSD", "HDD", "NVME", "GPU", "CPU", "TPU", "NPU", "API", "SDK", "VPN"})
MIXED_CASE_INITIALISMS.update({"NVMe": "N V M e"})
LONG_INITIALISMS.update({"EWCA", "EWHC", "UKSC", "UKHL", "WLR", "QB", "KB"})
MIXED_CASE_INITIALISMS.update({"macOS": "mac O S", "watchOS": "watch O S", "tvOS": "T V O S", "iPadOS": "iPad O S",
                               "visionOS": "vision O S"})
ABBREVIATIONS_BEFORE_NUMBERS.update({"Vols.": "Volumes", "vols.": "volumes", "Chs.": "Chapters", "chs.": "chapters",
                                     "Pts.": "Parts", "Eps.": "Episodes"})

# --- blind batch 3 (norm3): published copy -------------------------------------------------------------------
MORE_UNITS.update({"bp": ("basis point", "basis points"), "bps": ("basis point", "basis points"),
                   "l/100km": ("liter per hundred kilometers", "liters per hundred kilometers"),
                   "l/100 km": ("liter per hundred kilometers", "liters per hundred kilometers"),
                   "L/100 km": ("liter per hundred kilometers", "liters per hundred kilometers")})
ABBREVIATIONS.update({"ref.": "reference", "Ref.": "Reference", "refs.": "references", "Weds": "Wednesday",
                      "Weds.": "Wednesday", "Tues": "Tuesday", "Thurs": "Thursday", "and/or": "and or"})
SYMBOLS.update({"+/-": "plus or minus", "+/−": "plus or minus", "-/+": "minus or plus"})
CURRENCY_CODES.update({"Rs": ("rupee", "paisa"), "INR": ("rupee", "paisa"), "PKR": ("Pakistani rupee", "paisa"),
                       "ZAR": ("rand", "cent"), "SGD": ("Singapore dollar", "cent"),
                       "HKD": ("Hong Kong dollar", "cent"), "NZD": ("New Zealand dollar", "cent"),
                       "MXN": ("Mexican peso", "centavo"), "KRW": ("won", ""), "RMB": ("yuan", ""),
                       "NT$": ("New Taiwan dollar", "cent"), "S$": ("Singapore dollar", "cent")})
ABBREVIATIONS_BEFORE_NUMBERS.pop("Rs", None)
ABBREVIATIONS_BEFORE_NUMBERS.pop("Rs.", None)
MAGNITUDES.update({"crore": "crore", "lakh": "lakh", "lakhs": "lakh"})
LONG_INITIALISMS.update({"NYSE", "NYT", "NYC", "NYU"})
RAND_WORDS = {"rand", "south", "african", "africa", "johannesburg", "pretoria", "cape", "durban", "eskom"}
"""Words that make 'R19' South African rand, not a road or a code."""
STATUTE_WORDS = {"act", "acts", "law", "laws", "statute", "statutes", "bill", "regulations", "order", "code",
                 "court", "judge", "tribunal", "pursuant", "offence", "offense", "charged", "breach", "provision",
                 "provisions", "schedule", "subsection", "clause"}
"""Words that make a glued 's1' a section of an Act ('under s1 of the Act')."""
ABBREVIATIONS.update({"pcm": "per calendar month", "p.c.m.": "per calendar month", "p.a.": "per annum"})
REGIONS = {"Wales", "England", "Scotland", "Ireland", "America", "Africa", "Korea", "Carolina", "Dakota", "Yorkshire",
           "London", "Europe", "Asia", "Atlantic", "Pacific", "Sea", "Island", "Pole", "Devon", "Timor", "Sudan",
           "Macedonia", "Cyprus", "Virginia", "India", "China", "Germany", "Italy", "Australia", "Wales,"}
"""Places a compass abbreviation names a part of ('N. Wales', 'S. Korea')."""
ABBREVIATIONS_BEFORE_NUMBERS.update({"Apt.": "Apartment", "Apt": "Apartment", "apt.": "apartment", "Ste.": "Suite",
                                     "Rm.": "Room", "Rm": "Room", "Bldg.": "Building", "Bldg": "Building"})
MORE_UNITS.update({"mth": ("month", "months"), "mths": ("month", "months"), "mnths": ("month", "months"),
                   "wk": ("week", "weeks"), "wks": ("week", "weeks")})

LIFE_ABBREVIATIONS = {"b.": "born", "d.": "died", "fl.": "flourished", "r.": "reigned", "m.": "married"}
"""A life's dates in brackets: '(b. 1950)', '(d. 1944)', '(fl. 1200)', '(r. 1066-87)', '(m. 1967)'."""
ABBREVIATIONS.update({"mmHg": "millimeters of mercury", "cmH2O": "centimeters of water"})
COMPASS_WORDS = {"N": "north", "S": "south", "E": "east", "W": "west"}
"""A latitude's or longitude's letter after degrees ('54°N')."""
ABBREVIATIONS_BEFORE_NUMBERS.update({"Figs.": "Figures", "figs.": "figures", "Tab.": "Table", "Eq.": "Equation",
                                     "Eqs.": "Equations"})
SCALE_NAMES = {"Celsius", "Fahrenheit", "Kelvin"}
"""Capitalised words a temperature is said with: never a street's name before 'St' (so a second reading agrees)."""
