"""Attacks on anonymity and integrity (issue 22), each reproduced and shown refused."""
