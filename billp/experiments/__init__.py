"""The experiments layer, one module a room (notebooks 21-26): presets and registries, the identity of a run, the LLM
and RL protocols, the driver, and the paper tables. Their public names are gathered here, so that
`from billp.experiments import execute` reads as it did when the layer was one module."""
from .presets import *
from .identity import *
from .llm_protocol import *
from .rl_protocol import *
from .driver import *
from .paper import *
