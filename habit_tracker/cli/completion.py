"""`completion`: print the shell's completion script (click's machinery)."""

from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_HABIT_TRACKER_COMPLETE"


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL: commands, options and your habits'
    names complete with <TAB>.

    Enable it once by saving the script where your shell looks, then open a
    new shell.

    \b
    Examples:
      habit-tracker completion bash > ~/.local/share/bash-completion/completions/habit-tracker
      habit-tracker completion zsh > ~/.zfunc/_habit-tracker
      habit-tracker completion fish > ~/.config/fish/completions/habit-tracker.fish
    (zsh: with fpath+=(~/.zfunc); autoload -U compinit; compinit in ~/.zshrc)
    """
    from click.shell_completion import get_completion_class

    from . import cli

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click knows the three shells
        raise click.BadParameter(f"no completion for {shell}")
    click.echo(cls(cli, {}, "habit-tracker", COMPLETE_VAR).source(), nl=False)
