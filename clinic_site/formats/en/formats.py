"""How dates and times read on the staff site: one 12-hour format in the clinic's time
zone ("Wed 2 Dec 2026, 9:00 AM"), and date and time boxes that accept what people type
("9am", "9:00 am", "21:00", "12/2/2026"). Public pages set their own formats."""

DATE_FORMAT = "D j M Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "D j M Y, g:i A"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, g:i A"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

# The first of each list is what the admin's date and time pickers write.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-02
    "%m/%d/%Y",  # 12/02/2026
    "%m/%d/%y",  # 12/02/26
    "%b %d %Y",  # Dec 02 2026
    "%b %d, %Y",  # Dec 02, 2026
    "%d %b %Y",  # 02 Dec 2026
    "%B %d %Y",  # December 02 2026
    "%B %d, %Y",  # December 02, 2026
    "%d %B %Y",  # 02 December 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 21:00
    "%H:%M:%S",  # 21:00:00
    "%I:%M %p",  # 9:00 am
    "%I:%M%p",  # 9:00am
    "%I %p",  # 9 am
    "%I%p",  # 9am
    "%I.%M %p",  # 9.00 am
    "%H.%M",  # 21.00
]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in TIME_INPUT_FORMATS
]
