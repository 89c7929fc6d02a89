"""Settings of the NLP engine (`models/nlp.yaml`): which spaCy model, what to leave out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ModelSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    lang_code: str
    model_name: str


class NlpSettings(BaseModel):
    """models/nlp.yaml: Presidio's NLP-engine format plus the components to exclude."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    nlp_engine_name: str = "spacy"
    models: tuple[ModelSpec, ...] = Field(min_length=1)
    exclude_components: tuple[str, ...] = ()
    batch_size: int = Field(256, gt=0, le=10_000)
    # reload the model once its vocabulary grew by this many strings (bounded memory)
    vocab_growth_limit: int = Field(200_000, gt=0)
    ner_model_configuration: dict[str, Any] = Field(default_factory=dict)

    @property
    def model_name(self) -> str:
        """The English model's package name."""
        for spec in self.models:
            if spec.lang_code == "en":
                return spec.model_name
        return self.models[0].model_name
