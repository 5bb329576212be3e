"""Classroom rooms: several students play several seats of one game, the model the rest.

:mod:`.room` holds a room's logic (tokens, seats, when the day advances); :mod:`.store`
the SQLite database every action is written to, so a restarted server resumes each room.
"""
