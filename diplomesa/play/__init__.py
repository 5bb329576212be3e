"""Take a seat: a human plays one or more roles while the model plays the rest.

``Game`` (:mod:`diplomesa.play.game`) is the run; ``view`` what a seat sees; ``record`` the
game as JSON and its checks; ``debrief`` the student's outcome against the model's own runs.
"""

from diplomesa.play.game import Game, GameError, Move, OptionView, Pending, seat_roles

__all__ = ["Game", "GameError", "Move", "OptionView", "Pending", "seat_roles"]
