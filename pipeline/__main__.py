from .cli import run

if __name__ == "__main__":  # a worker started by spawn imports this module again: it must not run the CLI
    run()
