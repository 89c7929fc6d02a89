"""Everyday words that dictionaries miss and that are never names on their own.

WordNet (the English-word check) has no chat vocabulary ("lol", "gonna", "congrats"), so in
social text these were flagged as unknown proper nouns; month and weekday names are given
names in some Faker locales ("April", "Sunday" nowhere near), so "Sunday" and "January 11th"
were taken as names. None of these lists holds a person's name from any evaluation text.
"""

from __future__ import annotations

CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "weekend",
        "tonight",
        "tonite",
        "today",
        "tomorrow",
        "yesterday",
    ]
)

# Interjections, abbreviations and spellings of chat and social media.
_CHAT_WORDS = """
    lol lols lmao lmfao rofl omg omfg haha hahaha hahah hahahaha hehe hehehe jaja jajaja wtf smh
    tbh imo imho idk ikr brb btw fyi thx tnx ty pls plz ppl yall y'all ya yah yo yeah yea yep
    yup nope nah naw ugh ah ahh ahhh oh ohh ooh aw aww awww hmm hmmm mmm mmmm uh um umm wow
    woah whoa yay yess yesss noo nooo sooo soo gonna gotta wanna gimme lemme kinda sorta dunno
    imma ima tryna finna aint ain't congrats goodnight gnight nite xoxo xo bday thru cuz coz tho
    ur bro sis dude fam bae shawty lil em etc rt dm pm ft vs aka asap diy omw gg np irl tldr
    nsfw selfie hashtag retweet tweet tweets tweeting lmk ngl af hella fav fave bff bffs
    bf gf goin doin talkin feelin comin nothin somethin lookin gettin havin makin hey hiya heya
    im ive dont cant wont didnt doesnt isnt wasnt arent werent couldnt shouldnt wouldnt youre
    theyre thats whats hes shes lets youve weve theyve youll itll
"""
CHAT = frozenset(_CHAT_WORDS.split())

# Words of payments, telephony and accounts that WordNet lacks; "my iban is" was "my <PERSON> is"
# ("Iban" is a Basque given name).
_DOMAIN_WORDS = """
    iban ibans bic swift sepa ach pin otp sms mms ivr voip sip dtmf wifi app apps login logout
    signup username usernames passcode paypal venmo zelle checkout ebook esim imei ssn dob
    """
DOMAIN = frozenset(_DOMAIN_WORDS.split())


# Endings of English words that are no surname: adverbs, gerunds, abstract nouns.
NOT_NAME_ENDS = ("ly", "ing", "tion", "sion", "ment", "ness", "ity", "ism", "ence", "ance")
# Endings of people's words ("Australian", "Chinese", "Swedish", "Israeli").
DEMONYM_ENDS = ("an", "ese", "ish", "ian", "ean", "ite", "i")
