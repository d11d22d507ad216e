"""Quizzes and assessment: question banks, graded attempts, pre/post tests, evaluation."""
