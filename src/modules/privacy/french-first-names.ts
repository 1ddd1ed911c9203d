import { foldAccents } from '../../common/text/fold';

/**
 * Given names common in France, across generations (born 1930s–2010s) and origins (French regions,
 * Maghreb, West Africa, Southern and Eastern Europe, Turkey, Vietnam…), both genders. Compiled by hand
 * for the PII guard: a name written in a profile's free text could identify the candidate or a relative.
 *
 * Three lists, because a name is only a name when the reader cannot read it as something else:
 * - plain names are not French words: "Kevin", capitalised, is flagged anywhere;
 * - word names are also common words ("pierre", "claire", "marine"): flagged only where a capital
 *   cannot come from a sentence start (mid-sentence, before a surname, after "M."/"prénom");
 * - proper names are also places, regions or brands usually written with a capital ("France",
 *   "Florence", "Orange", "Lorraine"): flagged only before a surname or after "M."/"prénom".
 */

export const PLAIN_FIRST_NAMES: readonly string[] = [
  // Men, older generations
  'Jean', 'Michel', 'André', 'Philippe', 'René', 'Louis', 'Alain', 'Jacques', 'Bernard', 'Marcel', 'Daniel',
  'Roger', 'Robert', 'Claude', 'Henri', 'Christian', 'Georges', 'Paul', 'Gérard', 'Patrick', 'Maurice', 'Guy',
  'Raymond', 'Lucien', 'Gilbert', 'Gaston', 'Fernand', 'Edmond', 'Armand', 'Albert', 'Alfred', 'Ernest',
  'Eugène', 'Émile', 'Léon', 'Joseph', 'Francis', 'Roland', 'Yves', 'Jean-Pierre', 'Jean-Claude',
  'Jean-Luc', 'Jean-Marc', 'Jean-François', 'Jean-Michel', 'Jean-Paul', 'Jean-Louis', 'Jean-Jacques',
  'Jean-Marie', 'Jean-Baptiste', 'Jean-Philippe', 'Jean-Christophe', 'Jean-Yves', 'Gilles', 'Hervé', 'Didier',
  'Thierry', 'Dominique', 'Francois', 'François', 'Hubert', 'Lionel', 'Marius', 'Raoul', 'Norbert', 'Gustave',
  'Achille', 'Hector', 'Hippolyte', 'Léonard', 'Firmin', 'Clovis', 'Aristide', 'Félicien', 'Jules', 'Gaspard',
  'Bertrand', 'Arnaud', 'Régis', 'Rémi', 'Rémy', 'Denis', 'Jacky', 'Joël', 'Gaëtan', 'Ghislain',
  'Jean-Charles', 'Georges-Henri', 'Roméo', 'Antoine', 'Henri-Pierre', 'Yvon', 'Yannick', 'Loïc', 'Gwenaël',
  'Erwan', 'Ronan', 'Tanguy', 'Goulven', 'Yann', 'Ewen', 'Gaël', 'Mikaël', 'Killian', 'Corentin', 'Brieuc',
  // Men born 1960s–1990s
  'Sébastien', 'Nicolas', 'Julien', 'Christophe', 'Stéphane', 'David', 'Frédéric', 'Cédric', 'Grégory',
  'Jérôme', 'Ludovic', 'Anthony', 'Mickaël', 'Michaël', 'Mickael', 'Fabien', 'Guillaume', 'Yoann', 'Johann',
  'Johan', 'Damien', 'Jonathan', 'Kevin', 'Kévin', 'Jérémy', 'Jérémie', 'Alexandre', 'Thomas', 'Florian',
  'Mathieu', 'Matthieu', 'Aurélien', 'Vincent', 'Sylvain', 'Franck', 'Laurent', 'Éric', 'Eric', 'Bruno',
  'Fabrice', 'Xavier', 'Benoît', 'Emmanuel', 'Pierre-Yves', 'Thibault', 'Thibaut', 'Quentin', 'Adrien',
  'Alexis', 'Valentin', 'Jordan', 'Dylan', 'Steven', 'Steve', 'Johnny', 'Teddy', 'Brandon', 'Kévin',
  'Loïc', 'Guillaume', 'Romuald', 'Rodolphe', 'Raphaël', 'Samuel', 'Tony', 'Freddy', 'Jimmy', 'Willy',
  'Cyril', 'Cyrille', 'Gauthier', 'Geoffrey', 'Geoffroy', 'Harold', 'Hugues', 'Jean-Sébastien', 'Jocelyn',
  'Morgan', 'Nathanaël', 'Pierrick', 'Sylvère', 'Vivien', 'William', 'Wilfried', 'Yohann', 'Yohan', 'Mathias',
  'Matthias', 'Dorian', 'Kenny', 'Ludovick', 'Christopher', 'Jessy', 'Mike', 'Allan', 'Alan',
  // Men born 2000s–2010s
  'Lucas', 'Hugo', 'Théo', 'Nathan', 'Léo', 'Gabriel', 'Arthur', 'Adam', 'Sacha', 'Noah', 'Ethan', 'Aaron',
  'Tiago', 'Gabin', 'Liam', 'Mathéo', 'Matheo', 'Maël', 'Nolan', 'Timothée', 'Axel', 'Baptiste', 'Victor',
  'Simon', 'Noé', 'Malo', 'Robin', 'Augustin', 'Anatole', 'Kylian', 'Kilian', 'Lenny', 'Kenzo', 'Ilan',
  'Rafael', 'Timéo', 'Lyam', 'Marceau', 'Elio', 'Enzo', 'Evan', 'Louka', 'Luka', 'Mathys', 'Mathis',
  'Tom', 'Titouan', 'Esteban', 'Ewan', 'Lorenzo', 'Marin', 'Naël', 'Nael', 'Sohan', 'Soan', 'Tristan',
  'Valentino', 'Yanis', 'Younes', 'Youssef', 'Zayn', 'Ayden', 'Eliott', 'Elliot', 'Aymeric', 'Bastien',
  'Clément', 'Dorian', 'Jason', 'Joris', 'Kelyan', 'Kylian', 'Leny', 'Lilian', 'Lohan', 'Loris', 'Mattéo',
  'Maxence', 'Mehdi', 'Nathanael', 'Owen', 'Pablo', 'Raphael', 'Ruben', 'Sam', 'Samy', 'Swann', 'Thiago',
  'Timothé', 'Tylian', 'Wassim', 'Yacine', 'Yassine', 'Zakaria', 'Zacharie', 'Ismaël', 'Ibrahim', 'Idris',
  'Amaury', 'Benoit', 'Côme', 'Charles', 'Edouard', 'Édouard', 'Étienne', 'Etienne', 'Félix', 'Grégoire',
  'Hadrien', 'Henry', 'Jean-Eudes', 'Léandre', 'Lucien', 'Octave', 'Paul-Henri', 'Pierre-Louis', 'Sixtine',
  // Maghreb and Middle East
  'Mohamed', 'Mohammed', 'Mohammad', 'Mohamad', 'Muhammad', 'Ahmed', 'Ahmad', 'Abdel', 'Abdelkader',
  'Abdellah', 'Abdallah', 'Abdelaziz', 'Abderrahmane', 'Abdelhak', 'Abdelkrim', 'Abdeslam', 'Mustapha',
  'Mustafa', 'Moustapha', 'Karim', 'Rachid', 'Farid', 'Nordine', 'Nourredine', 'Noureddine', 'Khaled',
  'Khalid', 'Hamid', 'Saïd', 'Slimane', 'Sofiane', 'Soufiane', 'Walid', 'Ilyes', 'Ilyas', 'Ilias', 'Anis',
  'Riad', 'Riyad', 'Ryad', 'Redouane', 'Ridouane', 'Hicham', 'Hichem', 'Nassim', 'Kamel', 'Kamal', 'Djamel',
  'Jamel', 'Jamal', 'Mourad', 'Nabil', 'Sami', 'Bilel', 'Bilal', 'Adel', 'Amir', 'Aziz', 'Brahim', 'Idriss',
  'Ismail', 'Ismaïl', 'Larbi', 'Lotfi', 'Malek', 'Malik', 'Mounir', 'Nacer', 'Nasser', 'Omar', 'Rayane',
  'Rayan', 'Ryan', 'Salah', 'Salim', 'Selim', 'Tarek', 'Tarik', 'Yassin', 'Younès', 'Zinedine', 'Ayoub',
  'Anas', 'Hamza', 'Bachir', 'Lakhdar', 'Messaoud', 'Hocine', 'Hassan', 'Hussein', 'Lahcen', 'Mohand',
  'Ali', 'Samir', 'Hakim', 'Azzedine', 'Belkacem', 'Boualem', 'Chérif', 'Djamal', 'Fayçal', 'Fouad',
  'Habib', 'Ilies', 'Jalil', 'Kader', 'Karim', 'Khalil', 'Lyes', 'Madjid', 'Mehmet', 'Miloud',
  'Nadir', 'Nasser', 'Omar', 'Rabah', 'Réda', 'Reda', 'Sabri', 'Saad', 'Sofian', 'Tayeb',
  'Toufik', 'Wahid', 'Yazid', 'Youcef', 'Yousef', 'Zied', 'Ziad', 'Adnane', 'Marwane', 'Marouane',
  'Othmane', 'Oussama', 'Souleymane', 'Haroun', 'Imad', 'Mounim',
  // Women of the Maghreb and Middle East
  'Fatima', 'Khadija', 'Aïcha', 'Aicha', 'Leïla', 'Leila', 'Samia', 'Nadia', 'Malika', 'Naïma', 'Naima',
  'Houria', 'Yamina', 'Zohra', 'Samira', 'Rachida', 'Djamila', 'Jamila', 'Soraya', 'Latifa', 'Nawel',
  'Imane', 'Imen', 'Meriem', 'Myriam', 'Salma', 'Hafsa', 'Sirine', 'Syrine', 'Rania', 'Maryam', 'Assia',
  'Amel', 'Karima', 'Dalila', 'Dounia', 'Malak', 'Amina', 'Amira', 'Yasmina', 'Yasmine', 'Farah', 'Sana',
  'Safia', 'Wafa', 'Houda', 'Ikram', 'Kenza', 'Lamia', 'Loubna', 'Manel', 'Nesrine', 'Ouarda', 'Siham',
  'Souad', 'Zahra', 'Zineb', 'Yousra', 'Chaïma', 'Chaima', 'Inaya', 'Hanane', 'Ilham', 'Khadidja', 'Fadila',
  'Fatiha', 'Habiba', 'Hayat', 'Louisa', 'Mounia', 'Nabila', 'Najat', 'Nassima', 'Noura', 'Rahma', 'Saliha',
  'Sihem', 'Warda', 'Zoubida', 'Hadja', 'Hadjer', 'Hajar', 'Asma', 'Asmaa', 'Chahinez', 'Fairouz', 'Ghizlane',
  'Hasna', 'Ines', 'Inès', 'Kaoutar', 'Lina', 'Lyna', 'Maïssa', 'Nour', 'Nora', 'Rim', 'Sabrina', 'Sofia',
  'Soumaya', 'Wissem', 'Yasmin', 'Zaïna', 'Zeynep', 'Ayşe', 'Elif', 'Fatma', 'Emine', 'Hatice', 'Melek',
  // Turkey, Kurdistan, Caucasus
  'Ahmet', 'Emre', 'Hasan', 'Hüseyin', 'Kemal', 'Murat', 'Mehmet', 'Osman', 'Yusuf', 'Serkan', 'Volkan',
  'Burak', 'Baran', 'Berivan', 'Arman', 'Tigran', 'Aram', 'Ramzan', 'Magomed', 'Aslan', 'Movsar',
  // West and Central Africa, Comoros, Caribbean
  'Mamadou', 'Moussa', 'Ousmane', 'Abdoulaye', 'Amadou', 'Boubacar', 'Ibrahima', 'Seydou', 'Oumar', 'Bakary',
  'Sekou', 'Sékou', 'Cheick', 'Cheikh', 'Modibo', 'Demba', 'Alassane', 'Aliou', 'Malick', 'Babacar',
  'Mariama', 'Aminata', 'Fatoumata', 'Kadiatou', 'Aïssatou', 'Aissatou', 'Awa', 'Fatou', 'Coumba', 'Binta',
  'Djeneba', 'Hawa', 'Oumou', 'Rokia', 'Ramatoulaye', 'Adama', 'Mariam', 'Issa', 'Ladji', 'Lassana', 'Mahamadou',
  'Siaka', 'Yacouba', 'Youssouf', 'Djibril', 'Kalidou', 'Thierno', 'Ousseynou', 'Massamba', 'Birame',
  'Christelle', 'Ginette', 'Rodrigue', 'Steeve', 'Wilson', 'Jean-Eric', 'Jocelyne', 'Ludmilla', 'Marie-Ange',
  'Dieudonné', 'Ghislaine', 'Nadège', 'Yannis', 'Kélian', 'Darius',
  // Southern Europe
  'Antonio', 'Juan', 'Carlos', 'Miguel', 'Javier', 'Diego', 'Alejandro', 'Sergio', 'Raúl', 'Raul', 'Manuel',
  'José', 'Jose', 'Joaquim', 'Fernando', 'Paulo', 'Ricardo', 'Rui', 'Nuno', 'Sérgio', 'Vítor', 'Diogo',
  'Filipe', 'Luís', 'Luis', 'João', 'Jorge', 'Pedro', 'Francisco', 'Giuseppe', 'Giovanni', 'Salvatore',
  'Francesco', 'Luigi', 'Marco', 'Matteo', 'Alessandro', 'Luca', 'Gianni', 'Paolo', 'Stefano', 'Angelo',
  'Vittorio', 'Carmen', 'Lucía', 'Pilar', 'Consuelo', 'Maria', 'María', 'Ana', 'Fátima', 'Isabel', 'Manuela',
  'Cristina', 'Sónia', 'Catarina', 'Joana', 'Mariana', 'Rita', 'Vânia', 'Giulia', 'Chiara', 'Francesca',
  'Alessandra', 'Paola', 'Graziella', 'Rosa', 'Dolores', 'Concetta', 'Antonella',
  // Eastern Europe
  'Ivan', 'Dmitri', 'Piotr', 'Marek', 'Tomasz', 'Krzysztof', 'Andrzej', 'Nikola', 'Bogdan', 'Vasile', 'Mihai',
  'Gheorghe', 'Florin', 'Adrian', 'Alexandru', 'Stefan', 'Ștefan', 'Radu', 'Nicolae', 'Elena', 'Ioana',
  'Natalia', 'Olga', 'Svetlana', 'Irina', 'Tatiana', 'Oksana', 'Ionut', 'Marius', 'Sorin', 'Cosmin', 'Dragos',
  'Vladimir', 'Sergueï', 'Sergei', 'Aleksandr', 'Anastasia', 'Ekaterina', 'Katarzyna', 'Agnieszka', 'Dorota',
  'Goran', 'Dragan', 'Zoran', 'Jovana', 'Mirela', 'Dusan', 'Artur', 'Ilir', 'Arben', 'Besnik',
  // Vietnam, Cambodia, Laos
  'Minh', 'Thanh', 'Linh', 'Huong', 'Tuan', 'Phuong', 'Sokha', 'Sophal',
  // Women, older generations
  'Marie', 'Jeanne', 'Françoise', 'Monique', 'Catherine', 'Nathalie', 'Isabelle', 'Sylvie', 'Jacqueline',
  'Anne', 'Martine', 'Nicole', 'Christine', 'Suzanne', 'Denise', 'Simone', 'Louise', 'Brigitte', 'Chantal',
  'Hélène', 'Odette', 'Paulette', 'Marcelle', 'Lucienne', 'Raymonde', 'Gisèle', 'Colette', 'Huguette',
  'Arlette', 'Josette', 'Nadine', 'Annie', 'Danièle', 'Danielle', 'Marthe', 'Berthe', 'Yolande', 'Geneviève',
  'Bernadette', 'Claudine', 'Christiane', 'Michèle', 'Michelle', 'Solange', 'Thérèse', 'Viviane', 'Yvonne',
  'Yvette', 'Odile', 'Régine', 'Mireille', 'Muriel', 'Josiane', 'Évelyne', 'Evelyne', 'Béatrice', 'Agnès',
  'Laurence', 'Dominique', 'Pascale', 'Patricia', 'Corinne', 'Véronique', 'Valérie', 'Sophie', 'Karine',
  'Sabine', 'Fernande', 'Augustine', 'Léontine', 'Joséphine', 'Eugénie', 'Hortense', 'Germaine', 'Henriette',
  'Marie-Claire', 'Marie-Christine', 'Marie-Thérèse', 'Marie-France', 'Marie-Laure', 'Marie-Hélène',
  'Marie-José', 'Marie-Pierre', 'Marie-Noëlle', 'Anne-Marie', 'Anne-Sophie', 'Anne-Laure', 'Andrée', 'Lucette',
  'Mauricette', 'Micheline', 'Jeannine', 'Janine', 'Liliane', 'Éliane', 'Eliane', 'Maryse', 'Roseline',
  'Rolande', 'Ginette', 'Paule', 'Reine-Marie', 'Claudette', 'Noëlle', 'Gilberte', 'Renée', 'Marguerite',
  // Women born 1960s–1990s
  'Aurélie', 'Émilie', 'Emilie', 'Élodie', 'Elodie', 'Laetitia', 'Lætitia', 'Stéphanie', 'Sandrine',
  'Céline', 'Delphine', 'Séverine', 'Cécile', 'Vanessa', 'Jessica', 'Mélanie', 'Amélie', 'Julie', 'Caroline',
  'Audrey', 'Marion', 'Laura', 'Sarah', 'Sara', 'Pauline', 'Morgane', 'Anaïs', 'Justine', 'Elise', 'Élise',
  'Lucie', 'Camille', 'Charlène', 'Cindy', 'Kelly', 'Jennifer', 'Priscilla', 'Ophélie', 'Angélique', 'Magali',
  'Emmanuelle', 'Gaëlle', 'Hélène', 'Ingrid', 'Isabel', 'Juliette', 'Laure', 'Lydie', 'Lydia', 'Maud',
  'Nadia', 'Nelly', 'Noémie', 'Pascaline', 'Sonia', 'Stella', 'Sylviane', 'Tiphaine', 'Virginie', 'Alexandra',
  'Amandine', 'Anne-Claire', 'Carole', 'Coralie', 'Estelle', 'Fanny', 'Floriane', 'Gwendoline', 'Jessy',
  'Johanna', 'Laurie', 'Lise', 'Mathilde', 'Maëva', 'Marina', 'Mélissa', 'Melissa', 'Myriam', 'Nathalie',
  'Peggy', 'Sabrina', 'Sandra', 'Solène', 'Stacy', 'Tatiana', 'Vanina', 'Vinciane', 'Wendy', 'Alison',
  'Alisson', 'Christelle', 'Clarisse', 'Déborah', 'Deborah', 'Elsa', 'Émeline', 'Emeline', 'Aline', 'Gwenaëlle',
  'Héloïse', 'Jordane', 'Kimberley', 'Lorène', 'Marjorie', 'Murielle', 'Nolwenn', 'Rachel', 'Samantha', 'Sylvia',
  // Women born 2000s–2010s
  'Emma', 'Chloé', 'Manon', 'Léa', 'Lola', 'Louna', 'Alice', 'Anna', 'Mia', 'Julia', 'Léonie', 'Romane',
  'Zoé', 'Agathe', 'Lou', 'Margaux', 'Margot', 'Apolline', 'Océane', 'Clara', 'Eva', 'Ève', 'Inaya', 'Jade',
  'Lana', 'Lisa', 'Ilona', 'Maëlys', 'Lilou', 'Louane', 'Maëlle', 'Romy', 'Alya', 'Léna', 'Lena', 'Charlie',
  'Alix', 'Mila', 'Thaïs', 'Lya', 'Nina', 'Zélie', 'Adèle', 'Gabrielle', 'Olivia', 'Livia', 'Éléna', 'Ambre',
  'Lilly', 'Lily', 'Lyana', 'Maya', 'Mya', 'Nahia', 'Naïla', 'Noa', 'Noélie', 'Rose-Marie', 'Salomé', 'Sixtine',
  'Soline', 'Tess', 'Thelma', 'Valentine', 'Victoria', 'Yaëlle', 'Ysé', 'Zélia', 'Kiara', 'Kayla', 'Cassandra',
  'Célia', 'Clémentine', 'Constance', 'Diane', 'Emy', 'Enora', 'Eléonore', 'Éléonore', 'Elina', 'Elisa', 'Ella',
  'Éloïse', 'Eloise', 'Emmy', 'Gabriela', 'Hanna', 'Hannah', 'Isaure', 'Jeanne-Marie', 'Joy', 'Juliana',
  'Kenza', 'Laly', 'Léana', 'Léane', 'Lisa-Marie', 'Loane', 'Lucille', 'Lucile', 'Luna', 'Lyla', 'Maddie',
  'Madeleine', 'Maelys', 'Maïa', 'Maïwenn', 'Mathilda', 'Maylis', 'Méline', 'Mélina', 'Milla', 'Nélia',
  'Ninon', 'Norah', 'Oriane', 'Perrine', 'Rachelle', 'Sacha', 'Sarah-Lou', 'Shaïna', 'Suzie', 'Syrielle',
  'Talia', 'Tara', 'Tessa', 'Thaïs', 'Timothée', 'Typhaine', 'Yasmine',
];

/** Names that are also common French words: "Il travaille la pierre", "claire motivation", "marine marchande". */
export const WORD_FIRST_NAMES: readonly string[] = [
  'Pierre', 'Rose', 'Claire', 'Marine', 'Olive', 'Aimé', 'Aimée', 'Juste', 'Ange', 'Pascal', 'Martin',
  'Constant', 'Clémence', 'Prudence', 'Patience', 'Espérance', 'Félicité', 'Grâce', 'Victoire', 'Blanche',
  'Violette', 'Capucine', 'Céleste', 'Fleur', 'Aurore', 'Mélodie', 'Flore', 'Iris', 'Perle', 'Prune',
  'Reine', 'Désiré', 'Désirée', 'Honoré', 'Modeste', 'Prosper', 'Fidèle', 'Innocent', 'Fortuné', 'Vital',
  'Parfait', 'Bienvenu', 'Placide', 'Auguste', 'Marc', 'Serge', 'Colin', 'Max', 'Maxime', 'Olivier', 'Loup',
  'Benjamin', 'Romain', 'Germain', 'Urbain', 'Sylvestre', 'Alpha', 'Lamine', 'Ion', 'Charlotte', 'Hyacinthe',
  'Jade', 'Ambre', 'Émeraude', 'Colombe', 'Clément', 'Octave', 'Constance', 'Marin', 'Lys', 'Prince',
  'Duc', 'Pape', 'Samba', 'Marina', 'Marguerite', 'Clémentine', 'Madeleine',
];

/** Names that are also places, regions or brands, written with a capital in any case. */
export const PROPER_FIRST_NAMES: readonly string[] = [
  'France', 'Florence', 'Lorraine', 'Valence', 'Vienne', 'Nancy', 'Orange', 'Lourdes', 'Aude', 'Mégane', 'Sienne',
  'Chelsea', 'Sydney', 'Eden', 'Israël', 'Noël', 'Avril', 'Milan', 'Achille', 'Junior',
];

export type FirstNameKind = 'plain' | 'word' | 'proper';

/** Lookup key of a name or word: accents removed, lowercase. */
export function firstNameKey(word: string): string {
  return foldAccents(word).toLowerCase();
}

/**
 * Every listed name by its key. A name in several lists takes the most cautious kind (proper, then word),
 * so that a place name misfiled among plain names still needs a surname or a cue to be flagged.
 */
export const FIRST_NAMES: ReadonlyMap<string, FirstNameKind> = (() => {
  const names = new Map<string, FirstNameKind>();
  for (const name of PLAIN_FIRST_NAMES) names.set(firstNameKey(name), 'plain');
  for (const name of WORD_FIRST_NAMES) names.set(firstNameKey(name), 'word');
  for (const name of PROPER_FIRST_NAMES) names.set(firstNameKey(name), 'proper');
  return names;
})();
