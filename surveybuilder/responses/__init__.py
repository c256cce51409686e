"""Residents' answers: journeys in progress, save and return, submission and storage.

No Flask here: the online journey, paper keying and scanning all store answers through
these functions, so a response is stored the same way whatever the channel.
"""
