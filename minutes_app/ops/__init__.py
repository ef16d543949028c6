"""Operations: backup and restore of an installation."""
