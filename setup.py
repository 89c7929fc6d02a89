"""Build step: ship config/, models/ and schemas/ inside the wheel as `pipeline/_data/`.

They stay at the top of the repository, where their owners edit them; everything else about the
package is in pyproject.toml. Editable installs read them from the checkout instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("config", "models", "schemas")


class BuildWithData(build_py):
    """build_py, plus the data folders copied under pipeline/_data/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "pipeline" / "_data"
        for folder in DATA_FOLDERS:
            shutil.rmtree(target / folder, ignore_errors=True)
            for source in sorted((here / folder).rglob("*")):
                if (
                    source.is_file()
                    and "__pycache__" not in source.parts
                    and source.suffix != ".pyc"
                ):
                    dest = target / source.relative_to(here)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildWithData})
