"""Moved to services/signin_states.py (sign-in state tokens). This name stays only for
services/linkedin_setup.py, whose import moves with its split on another branch; delete this file then."""

from services.signin_states import SignInStates as SignInStates
