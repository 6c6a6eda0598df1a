"""Arabic text primitives: pure functions whose offsets always point into the original text.

normalize  search keys (one spelling per word) and the map from a key back to the original
tokenize   words, numbers and punctuation with character offsets
sentences  sentence spans that know Arabic punctuation, quotes, abbreviations and headings
clitics    clitic stripping guided by a lexicon of protected forms; index terms for search
namekey    keys under which transliteration variants of a foreign name meet
"""
