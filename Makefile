.PHONY: run test lint format messages migrations

# The two commands of the README.
run:
	scripts/run.sh

test:
	scripts/test.sh $(ARGS)

lint:
	scripts/setup.sh dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djhtml --check templates

format:
	scripts/setup.sh dev
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djhtml templates

# Refresh the English translation after changing Dutch source strings.
messages:
	.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	.venv/bin/python manage.py compilemessages --ignore=.venv

migrations:
	.venv/bin/python manage.py makemigrations
