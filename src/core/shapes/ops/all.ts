// Importing this module registers every op's inference function.
import './elementwise';
import './tensor';
import './nn';
import './misc';
import './control';
import './contrib';
